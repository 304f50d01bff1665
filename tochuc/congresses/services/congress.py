"""Setting up a congress: the congress with its usual sessions, further sessions, and the
counting committee named in the minutes (a clerk's scope over its unit)."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.congresses.models import Congress, CongressKind, CongressRole, CongressSession, CountingMember, RoleKind
from tochuc.congresses.services._common import _audit, _require_write
from tochuc.core.scope import Scope
from tochuc.orgs.selectors import unit_get


@transaction.atomic
def congress_create(*, actor, scope: Scope, unit_code: str, kind: str, starts_on: date, ends_on: date,
                    cutoff_on: date, term: str = "2025–2030", name: str = "", place: str = "",
                    reason: str | None = None) -> Congress:
    """A unit's congress for a term, with its two usual sessions; the creator joins the convening
    committee role so they can hand out the counting committee's."""
    _require_write(scope)
    unit = unit_get(scope=scope, code=unit_code)
    if kind not in CongressKind.values:
        raise ValidationError(_("Hình thức đại hội không hợp lệ."))
    if ends_on < starts_on:
        raise ValidationError(_("Ngày bế mạc phải sau ngày khai mạc."))
    if cutoff_on > starts_on:
        raise ValidationError(_("Ngày chốt danh sách triệu tập không được sau ngày khai mạc."))
    name = " ".join(name.split()) or _("Đại hội %(unit)s lần thứ …, nhiệm kỳ %(term)s") % {
        "unit": unit.name, "term": term}
    congress = Congress.objects.create(unit=unit.unit, kind=kind, term=term, name=name, starts_on=starts_on,
                                       ends_on=ends_on, cutoff_on=cutoff_on, place=place,
                                       created_by=actor if actor is not None and actor.pk else None)
    tz = timezone.get_current_timezone()
    CongressSession.objects.bulk_create([
        CongressSession(congress=congress, number=1, title=_("Phiên trù bị"),
                        starts_at=datetime(starts_on.year, starts_on.month, starts_on.day, 7, 30, tzinfo=tz)),
        CongressSession(congress=congress, number=2, title=_("Phiên chính thức"),
                        starts_at=datetime(starts_on.year, starts_on.month, starts_on.day, 8, 30, tzinfo=tz)),
    ])
    if actor is not None and actor.pk:
        CongressRole.objects.create(congress=congress, user=actor, role=RoleKind.COMMITTEE)
    _audit(actor, "congress.create", congress, congress, reason=reason,
           after={"kind": kind, "term": term, "starts_on": starts_on.isoformat(), "cutoff_on": cutoff_on.isoformat()})
    return congress


@transaction.atomic
def congress_session_add(*, actor, scope: Scope, congress: Congress, title: str, starts_at: datetime,
                         reason: str | None = None) -> CongressSession:
    _require_write(scope)
    number = (congress.sessions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    session = CongressSession.objects.create(congress=congress, number=number, title=title, starts_at=starts_at)
    _audit(actor, "congress.session_add", congress, congress, after={"title": title, "number": number}, reason=reason)
    return session


@transaction.atomic
def counting_members_set(*, actor, scope: Scope, congress: Congress, members: list[tuple[str, str]],
                         reason: str | None = None) -> int:
    """The counting committee (ban kiểm phiếu) named in the minutes: (full name, position)."""
    _require_write(scope)
    cleaned = [(" ".join(n.split()), " ".join(p.split()) or _("Thành viên")) for n, p in members if n.strip()]
    if not cleaned:
        raise ValidationError(_("Ban kiểm phiếu cần ít nhất một người."))
    before = list(congress.counting_members.values_list("full_name", "position"))
    congress.counting_members.all().delete()
    CountingMember.objects.bulk_create([CountingMember(congress=congress, order=i, full_name=n, position=p)
                                        for i, (n, p) in enumerate(cleaned)])
    _audit(actor, "congress.counting_committee", congress, congress, before={"members": before},
           after={"members": cleaned}, reason=reason)
    return len(cleaned)
