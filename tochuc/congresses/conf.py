"""Figures of congresses that regulations may change: Django settings with documented defaults
(DESIGN.md invariant 3; DOMAIN.md §4 gives M/L confidence for some of them)."""

from __future__ import annotations

import json
import os
from fractions import Fraction

from django.conf import settings

from tochuc.domain.elections import ElectionPolicy


def min_delegates_per_unit() -> int:
    """``TOCHUC_DELEGATES_MIN_PER_UNIT`` (default 1): each lower unit elects at least this many
    delegates to a delegates' congress (the convening committee's usual practice; no text fixes it)."""
    return int(_setting("TOCHUC_DELEGATES_MIN_PER_UNIT", 1))


def quorum_fraction() -> Fraction:
    """``TOCHUC_CONGRESS_QUORUM`` (default "2/3"): share of the base that must attend (the guidance
    on congresses: at least two thirds of the official members or delegates summoned; confidence M)."""
    return Fraction(str(_setting("TOCHUC_CONGRESS_QUORUM", "2/3")))


def election_policy() -> ElectionPolicy:
    """``TOCHUC_ELECTION_POLICY``: a dict (in the environment: JSON) of :class:`ElectionPolicy`
    fields overriding the defaults of 190-QĐ/TW Điều 14 (30% surplus, 10–15% prepared, 3–5 seats
    at most 1 extra)."""
    value = _setting("TOCHUC_ELECTION_POLICY", {})
    return ElectionPolicy(**(json.loads(value) if isinstance(value, str) else value))


def _setting(name: str, default):
    """A Django setting, else the environment variable of the same name, else the default."""
    return getattr(settings, name, os.environ.get(name, default))
