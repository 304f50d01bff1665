"""The meeting rules' figures as configured: ``settings.TOCHUC_MEETINGS`` over the defaults of
:class:`tochuc.domain.meetings.MeetingPolicy` (DESIGN.md invariant 3)."""

from __future__ import annotations

from django.conf import settings

from tochuc.domain.meetings import MeetingPolicy


def current_policy() -> MeetingPolicy:
    return MeetingPolicy(**getattr(settings, "TOCHUC_MEETINGS", {}))
