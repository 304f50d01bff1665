"""Writes of branch meetings: atomic, audited (DESIGN.md invariant 2).

- :func:`meeting_plan`: one meeting of one branch (default: the 3rd of the month).
- :func:`meetings_plan_month` / :func:`meetings_plan_quarter`: the month's regular meeting or the
  quarter's thematic session for every branch of a subtree, set-based (one query for the
  branches, one for those already planned, one bulk insert, one audit row).
- :func:`meeting_record_attendance`: the attendance sheet for the members of the branch on the day
  the meeting is held; every member gets a status, an excused absence its reason; all or nothing.
- :func:`meeting_close`: the minutes, resolutions, duration and self-rating; from then on the
  meeting counts for compliance.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.audit.services import audit_record, personal_data_read
from tochuc.core import changes
from tochuc.core.bulk import bulk_insert
from tochuc.core.permissions import require
from tochuc.core.scope import Scope
from tochuc.core.tabular import ImportRejected, RowError
from tochuc.domain import meetings as rules
from tochuc.domain import orgs as org_rules
from tochuc.domain.meetings import Month, Quarter
from tochuc.meetings.models import Attendance, Meeting, MeetingKind, MeetingStatus, SelfRating
from tochuc.meetings.policy import current_policy
from tochuc.meetings.selectors import branch_roster
from tochuc.orgs.models import Unit, UnitVersion
from tochuc.orgs.selectors import branch_get, subtree_versions, unit_get, valid_on, versions_as_of

MEETING_FIELDS = ["unit", "kind", "status", "planned_on", "planned_month", "topic", "agenda", "held_on", "held_month",
                  "started_at", "duration_minutes", "chair", "secretary", "minutes", "resolutions", "self_rating",
                  "summoned_count", "present_count", "excused_count", "absent_count", "attendance_taken_at",
                  "created_at", "created_by", "closed_at"]



def _meeting_branch(scope: Scope, meeting: Meeting, on: date) -> UnitVersion:
    # In the scope on the meeting's day and today (DESIGN.md invariant 11), whatever the scope's date.
    on_date = scope.current().at(on)
    branch = (UnitVersion.objects.filter(valid_on(on), on_date.path_q(), unit_id=meeting.unit_id)
              .select_related("unit").first())
    if branch is None:
        raise ValidationError(_("Chi bộ không tồn tại hoặc ngoài phạm vi vào ngày %(day)s.") % {
            "day": on.strftime("%d/%m/%Y")})
    return branch


def _items(values: Sequence[str] | str | None) -> list[str]:
    """Agenda items or resolutions: one per line, blanks dropped."""
    if values is None:
        return []
    if isinstance(values, str):
        values = values.splitlines()
    return [v.strip() for v in values if v and v.strip()]


@transaction.atomic
def meeting_plan(*, actor, scope: Scope, branch_code: str, kind: str, planned_on: date | None = None,
                 month: Month | None = None, topic: str = "", agenda: Sequence[str] | str | None = None,
                 reason: str | None = None) -> Meeting:
    """Plan one meeting of a branch. Without ``planned_on`` it is the 3rd of ``month``
    (Chỉ thị 50-CT/TW: the regular meeting party-wide on the 3rd)."""
    require(scope, "meeting.write")
    policy = current_policy()
    if kind not in MeetingKind.values:
        raise ValidationError(_("Loại sinh hoạt «%(kind)s» không hợp lệ.") % {"kind": kind})
    if planned_on is None:
        if month is None:
            raise ValidationError(_("Hãy chọn ngày hoặc tháng sinh hoạt."))
        planned_on = rules.regular_meeting_day(month, policy)
    branch = branch_get(scope=scope, code=branch_code, on=planned_on)
    index = Month.of(planned_on).index
    if kind == MeetingKind.MONTHLY and Meeting.objects.filter(
            unit_id=branch.unit_id, kind=kind, planned_month=index).exclude(status=MeetingStatus.CANCELLED).exists():
        raise ValidationError(_("Chi bộ đã có kế hoạch sinh hoạt thường kỳ tháng %(month)s.") % {
            "month": str(Month.of(planned_on))})
    if kind == MeetingKind.THEMATIC and not topic.strip():
        raise ValidationError(_("Sinh hoạt chuyên đề cần có chủ đề."))
    meeting = Meeting.objects.create(unit_id=branch.unit_id, kind=kind, planned_on=planned_on, planned_month=index,
                                     topic=topic.strip(), agenda=_items(agenda),
                                     created_by=actor if actor is not None and actor.pk else None)
    audit_record(actor=actor, action="meeting.plan", obj=meeting, unit_id=branch.unit_id,
                 object_repr=f"{branch.name}: {meeting}",
                 after={"kind": kind, "planned_on": planned_on.isoformat(), "topic": meeting.topic}, reason=reason)
    changes.touched(units=[branch.unit_id], kinds=[changes.MEETINGS])
    return meeting


def _plan_many(*, actor, scope: Scope, root_code: str, kind: str, planned_on: date, topic: str,
               skip_if: dict, reason: str | None) -> int:
    """Plan a meeting on ``planned_on`` for every branch of the subtree at ``root_code`` existing
    that day, except those matching ``skip_if`` (already planned): set-based. Planned meetings
    count nowhere until held, so the kept dashboard totals are left alone (bumping every tally
    unit of a province for its monthly plan would throw all of them away)."""
    require(scope, "meeting.write")
    day_scope = scope.at(planned_on)
    try:
        root = unit_get(scope=day_scope, code=root_code)
    except UnitVersion.DoesNotExist:
        raise ValidationError(_("Không có đơn vị «%(code)s» trong phạm vi vào ngày %(day)s.") % {
            "code": root_code, "day": planned_on.strftime("%d/%m/%Y")}) from None
    branches = subtree_versions(day_scope, root.path).filter(kind__in=org_rules.BRANCH_KINDS).values("unit_id")
    taken = Meeting.objects.filter(unit_id__in=branches, **skip_if).exclude(status=MeetingStatus.CANCELLED)
    unit_ids = list(versions_as_of(planned_on).filter(day_scope.subtree_q(root.path), kind__in=org_rules.BRANCH_KINDS)
                    .exclude(unit_id__in=taken.values("unit_id")).values_list("unit_id", flat=True).order_by("path"))
    now = timezone.now()
    creator = actor.pk if actor is not None and actor.pk else None
    index = Month.of(planned_on).index
    rows = ((unit_id, kind, MeetingStatus.PLANNED, planned_on, index, topic, "[]", None, None, None, None, "", "", "",
             "[]", "", 0, 0, 0, 0, None, now, creator, None) for unit_id in unit_ids)
    written = bulk_insert(Meeting, MEETING_FIELDS, rows)
    audit_record(actor=actor, action=f"meeting.plan_{kind}", object_type="orgs.unit", object_id=root.unit_id,
                 object_repr=_("%(count)s buổi sinh hoạt ngày %(day)s trong %(name)s") % {
                     "count": written, "day": planned_on.strftime("%d/%m/%Y"), "name": root.name},
                 unit_id=root.unit_id, after={"kind": kind, "planned_on": planned_on.isoformat(), "count": written,
                                              "topic": topic}, reason=reason)
    return written


@transaction.atomic
def meetings_plan_month(*, actor, scope: Scope, root_code: str, month: Month, planned_on: date | None = None,
                        reason: str | None = None) -> int:
    """The month's regular meeting (default the 3rd) for every branch of a subtree that has none
    planned that month; returns how many were planned."""
    planned_on = planned_on or rules.regular_meeting_day(month, current_policy())
    if Month.of(planned_on) != month:
        raise ValidationError(_("Ngày %(day)s không thuộc tháng %(month)s.") % {
            "day": planned_on.strftime("%d/%m/%Y"), "month": str(month)})
    return _plan_many(actor=actor, scope=scope, root_code=root_code, kind=MeetingKind.MONTHLY, planned_on=planned_on,
                      topic="", skip_if={"kind": MeetingKind.MONTHLY, "planned_month": month.index}, reason=reason)


@transaction.atomic
def meetings_plan_quarter(*, actor, scope: Scope, root_code: str, quarter: Quarter, topic: str,
                          month_of_quarter: int = 3, reason: str | None = None) -> int:
    """The quarter's thematic session (on the regular day of the chosen month of the quarter,
    held with the regular meeting) for every branch of a subtree without one planned in the
    quarter; returns how many were planned."""
    if not topic.strip():
        raise ValidationError(_("Sinh hoạt chuyên đề cần có chủ đề."))
    if month_of_quarter not in (1, 2, 3):
        raise ValidationError(_("Tháng trong quý phải là 1, 2 hoặc 3."))
    months = quarter.months
    planned_on = rules.regular_meeting_day(months[month_of_quarter - 1], current_policy())
    return _plan_many(actor=actor, scope=scope, root_code=root_code, kind=MeetingKind.THEMATIC, planned_on=planned_on,
                      topic=topic.strip(), skip_if={"kind": MeetingKind.THEMATIC,
                                                    "planned_month__gte": months[0].index,
                                                    "planned_month__lte": months[2].index}, reason=reason)


def _clock(value: time | None) -> str | None:
    """A time of day as the text both databases read (the raw SQLite driver adapts no time)."""
    return value.isoformat() if value is not None else None


def _totals(meeting: Meeting) -> dict:
    return {"held_on": meeting.held_on.isoformat() if meeting.held_on else None, "summoned": meeting.summoned_count,
            "present": meeting.present_count, "excused": meeting.excused_count, "absent": meeting.absent_count}


@transaction.atomic
def meeting_record_attendance(*, actor, scope: Scope, meeting: Meeting, held_on: date,
                              entries: Mapping[int, tuple[str, str]], arrived: Mapping[int, time | None] | None = None,
                              reason: str | None = None) -> Meeting:
    """The attendance sheet of a meeting: ``entries`` maps each member id of the branch's roster on
    ``held_on`` to ``(status, reason)``. Every problem is reported (row of the sheet, field); nothing
    is written unless the whole sheet is valid. Recording again replaces the sheet (audited)."""
    require(scope, "meeting.write")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("Buổi sinh hoạt đã hủy."))
    if held_on > timezone.localdate():
        raise ValidationError(_("Ngày sinh hoạt %(day)s chưa đến.") % {"day": held_on.strftime("%d/%m/%Y")})
    _meeting_branch(scope, meeting, held_on)
    roster = branch_roster(unit_id=meeting.unit_id, on=held_on)
    row_of = {member_id: n for n, (member_id, _name) in enumerate(roster, start=1)}
    name_of = dict(roster)
    columns = {"status": _("điểm danh"), "reason": _("lý do vắng"), "member": _("đảng viên")}
    problems = rules.attendance_problems([m for m, _n in roster], entries)
    if problems:
        errors = []
        for member_id, field, message in problems:
            who = name_of.get(member_id) or _("đảng viên mã %(id)s") % {"id": member_id}
            errors.append(RowError(row=row_of.get(member_id, "—"), column=columns[field],
                                   reason=f"{who}: {message}"))
        raise ImportRejected(errors)
    if not roster:
        raise ValidationError(
            _("Chi bộ không có đảng viên nào vào ngày %(day)s.") % {"day": held_on.strftime("%d/%m/%Y")}
        )
    before = _totals(meeting) if meeting.attendance_taken_at else None
    now = timezone.now()
    arrived = arrived or {}
    Attendance.objects.filter(meeting=meeting).delete()
    bulk_insert(Attendance, ["meeting", "member", "status", "reason", "arrived_at", "recorded_at"], [
        (meeting.pk, member_id, entries[member_id][0],
         (entries[member_id][1] or "").strip()[:255] if entries[member_id][0] != rules.PRESENT else "",
         _clock(arrived.get(member_id)) if entries[member_id][0] == rules.PRESENT else None, now)
        for member_id, _name in roster
    ])
    statuses = [entries[m][0] for m, _n in roster]
    meeting.held_on = held_on
    meeting.held_month = Month.of(held_on).index
    meeting.summoned_count = len(roster)
    meeting.present_count = statuses.count(rules.PRESENT)
    meeting.excused_count = statuses.count(rules.EXCUSED)
    meeting.absent_count = statuses.count(rules.ABSENT)
    meeting.attendance_taken_at = now
    meeting.save(update_fields=["held_on", "held_month", "summoned_count", "present_count", "excused_count",
                                "absent_count", "attendance_taken_at"])
    audit_record(actor=actor, action="meeting.attendance", obj=meeting, unit_id=meeting.unit_id, before=before,
                 after=_totals(meeting), reason=reason)
    changes.touched(units=[meeting.unit_id], kinds=[changes.MEETINGS])
    return meeting


@transaction.atomic
def meeting_close(*, actor, scope: Scope, meeting: Meeting, minutes: str, resolutions: Sequence[str] | str | None,
                  self_rating: str, duration_minutes: int, started_at: time | None = None,
                  agenda: Sequence[str] | str | None = None, chair: str = "", secretary: str = "",
                  reason: str | None = None) -> Meeting:
    """Close a meeting whose attendance was taken, with its minutes: it then counts as held."""
    require(scope, "meeting.write")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    problems = []
    if meeting.status == MeetingStatus.CANCELLED:
        problems.append(_("Buổi sinh hoạt đã hủy."))
    if meeting.attendance_taken_at is None:
        problems.append(_("Hãy điểm danh trước khi ghi biên bản."))
    if not (minutes or "").strip():
        problems.append(_("Biên bản: chưa có nội dung."))
    if self_rating not in SelfRating.values:
        problems.append(_("Tự đánh giá: hãy chọn một mức (tốt, khá, trung bình, kém)."))
    if not isinstance(duration_minutes, int) or not 0 < duration_minutes <= 24 * 60:
        problems.append(_("Thời lượng: phải từ 1 đến 1440 phút."))
    if problems:
        raise ValidationError(problems)
    _meeting_branch(scope, meeting, meeting.held_on)
    before = {"status": meeting.status,
              "self_rating": meeting.self_rating} if meeting.status == MeetingStatus.HELD else None
    meeting.status = MeetingStatus.HELD
    meeting.minutes = minutes.strip()
    meeting.resolutions = _items(resolutions)
    if agenda is not None:
        meeting.agenda = _items(agenda)
    meeting.self_rating = self_rating
    meeting.duration_minutes = duration_minutes
    meeting.started_at = started_at
    meeting.chair = chair.strip()[:120]
    meeting.secretary = secretary.strip()[:120]
    meeting.closed_at = timezone.now()
    meeting.save()
    audit_record(actor=actor, action="meeting.close", obj=meeting, unit_id=meeting.unit_id, before=before,
                 after={"status": meeting.status, "held_on": meeting.held_on.isoformat(),
                        "duration_minutes": duration_minutes, "self_rating": self_rating,
                        "resolutions": len(meeting.resolutions)}, reason=reason)
    changes.touched(units=[meeting.unit_id], kinds=[changes.MEETINGS])
    return meeting


@transaction.atomic
def meeting_cancel(*, actor, scope: Scope, meeting: Meeting, reason: str | None = None) -> Meeting:
    """Cancel a planned meeting (a held one stays on record)."""
    require(scope, "meeting.write")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Chỉ hủy được buổi sinh hoạt chưa diễn ra."))
    _meeting_branch(scope, meeting, meeting.planned_on)
    meeting.status = MeetingStatus.CANCELLED
    meeting.save(update_fields=["status"])
    audit_record(actor=actor, action="meeting.cancel", obj=meeting, unit_id=meeting.unit_id,
                 before={"status": MeetingStatus.PLANNED}, after={"status": meeting.status}, reason=reason)
    changes.touched(units=[meeting.unit_id], kinds=[changes.MEETINGS])
    return meeting


def compliance_names_read(*, actor, summary, rows: Sequence, channel: str) -> None:
    """The compliance listing named members absent from their meetings (on a page, in the API,
    an XLSX or the CLI): one audit row per request, with how many names and where they went."""
    names = sum(len(r.absent_names) + len(r.excused_names) for r in rows)
    if not names:
        return  # branches without absentees: no one's personal data was read
    personal_data_read(
        actor=actor, action="meeting.compliance_export" if channel in ("xlsx", "cli") else "meeting.compliance_view",
        object_type="meetings.compliance", object_repr=f"{summary.root} {summary.start}–{summary.end}",
        unit_id=Unit.objects.filter(code=summary.root).values_list("pk", flat=True).first(),
        details={"channel": channel, "root": summary.root, "from": str(summary.start), "to": str(summary.end),
                 "branches": len(rows), "names": names})


def minutes_exported(*, actor, meeting: Meeting, fmt: str) -> None:
    """A meeting's minutes left the system as a file (names of the absent, with their reasons)."""
    personal_data_read(actor=actor, action="meeting.minutes_export", obj=meeting, unit_id=meeting.unit_id,
                       details={"format": fmt})
