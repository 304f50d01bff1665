"""Reads of branch meetings. Every read takes a scope: a meeting is visible when its branch, on
the scope's date, lies in the scope.

Compliance over a subtree and a period (:func:`compliance_summary`, :func:`compliance_branches`)
is one SQL statement whatever the number of branches: the branches of the subtree, the checked
months and quarters as a small table, and GROUP BYs over the held meetings (their attendance
totals live on the meeting row). Only member-level criteria read attendance rows, and only of
meetings that had an absentee (absent without reason), or of branches with a run of consecutive
meetings where someone was excused longer than the limit (excused in a row). The same rules as pure functions
(:mod:`tochuc.domain.meetings`) explain the gaps of the branches listed on a page; a test checks
that both agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.core.scope import Scope
from tochuc.domain import meetings as rules
from tochuc.domain import orgs as org_rules
from tochuc.domain.meetings import HeldMeeting, MeetingPolicy, Month
from tochuc.meetings.models import Attendance, Meeting, MeetingKind, MeetingStatus
from tochuc.members.selectors import memberships_on
from tochuc.orgs.models import UnitVersion
from tochuc.orgs.selectors import scoped_versions, unit_get, versions_as_of

# --- Meetings and rosters -----------------------------------------------------------------------


def branch_roster(*, unit_id: int, on: date) -> list[tuple[int, str]]:
    """``(member id, full name)`` of the members summoned to a meeting of the branch on ``on``:
    its members that day in the member registry (primary memberships), without those exempted
    from party activities (miễn sinh hoạt, a current flag of the record)."""
    return list(memberships_on(on).filter(unit_id=unit_id, member__exempted=False)
                .order_by("member__search_key", "member_id").values_list("member_id", "member__full_name"))


def scoped_meetings(scope: Scope) -> QuerySet[Meeting]:
    return Meeting.objects.filter(unit_id__in=Subquery(scoped_versions(scope).values("unit_id")))


def meeting_get(*, scope: Scope, meeting_id: int) -> Meeting:
    """A meeting whose branch is in scope, or ``Meeting.DoesNotExist`` (a 404)."""
    return scoped_meetings(scope).select_related("unit").get(pk=meeting_id)


def branch_get(*, scope: Scope, code: str) -> UnitVersion:
    """A branch-kind unit in scope on the scope's date, or ``UnitVersion.DoesNotExist``."""
    version = unit_get(scope=scope, code=code)
    if version.kind not in org_rules.BRANCH_KINDS:
        raise UnitVersion.DoesNotExist(f"{code} is not a branch")
    return version


def branch_meetings(*, scope: Scope, version: UnitVersion, limit: int = 200) -> list[Meeting]:
    """The branch's meetings, newest first (``version`` from a scoped getter)."""
    return list(Meeting.objects.filter(unit_id=version.unit_id).order_by("-planned_on", "-id")[:limit])


@dataclass
class SheetRow:
    member_id: int
    full_name: str
    status: str = ""
    reason: str = ""
    arrived_at: object = None
    recorded_at: object = None


def meeting_sheet(*, meeting: Meeting, on: date | None = None) -> list[SheetRow]:
    """The attendance sheet: the recorded rows, or (before attendance is taken) the branch's
    roster on ``on`` (default: the planned day) with no status."""
    if meeting.attendance_taken_at:
        rows = (Attendance.objects.filter(meeting=meeting).order_by("member__search_key", "member_id")
                .values_list("member_id", "member__full_name", "status", "reason", "arrived_at", "recorded_at"))
        return [SheetRow(*row) for row in rows]
    return [SheetRow(member_id, name) for member_id, name in branch_roster(unit_id=meeting.unit_id,
                                                                            on=on or meeting.planned_on)]


# --- Compliance ---------------------------------------------------------------------------------


def _month(value) -> Month:
    if isinstance(value, Month):
        return value
    if isinstance(value, date):
        return Month.of(value)
    return Month.parse(str(value))


@dataclass(frozen=True)
class Period:
    start: Month
    end: Month
    today: date

    @property
    def months(self) -> list[Month]:
        return rules.checked_months(self.start, self.end, self.today)

    @property
    def quarters(self) -> list[rules.Quarter]:
        return rules.checked_quarters(self.start, self.end, self.today)

    @property
    def tree_date(self) -> date:
        """The tree is read as of the period's last day (or today, when the period runs on)."""
        return min(self.end.last_day, self.today)


def _period(start, end, today: date | None) -> Period:
    start, end = _month(start), _month(end)
    if end < start:
        raise rules.MeetingRuleError("end",
                                     _("tháng cuối %(end)s trước tháng đầu %(start)s") % {"end": end, "start": start})
    if end.index - start.index > 10 * 12:
        raise rules.MeetingRuleError("end", _("kỳ xem tối đa 10 năm"))
    return Period(start, end, today or timezone.localdate())


def _root(scope: Scope, root, on: date) -> tuple[Scope, UnitVersion]:
    day_scope = scope.at(on)
    code = root.unit.code if isinstance(root, UnitVersion) else str(root)
    return day_scope, unit_get(scope=day_scope, code=code)


def _values(rows: list[tuple], dummy: tuple) -> tuple[str, list]:
    """A VALUES table of ``rows`` (or an empty one shaped like ``dummy``)."""
    if not rows:
        return "SELECT " + ", ".join("%s" for _x in dummy) + " WHERE 1 = 0", list(dummy)
    width = len(rows[0])
    one = "(" + ", ".join("%s" for _x in range(width)) + ")"
    return "VALUES " + ", ".join(one for _r in rows), [v for row in rows for v in row]


def _per_branch_sql(scope: Scope, root: UnitVersion, period: Period, policy: MeetingPolicy) -> tuple[str, list]:
    """``WITH … per_branch(unit_id, code, name, path, born, expected_months, missed_months,
    missing_quarters, low_meetings, absent_members, excused_members)``: one row per branch."""
    born = Subquery(UnitVersion.objects.filter(unit_id=OuterRef("unit_id")).order_by("valid_from")
                    .values("valid_from")[:1])
    branches = (versions_as_of(scope.as_of).filter(scope.subtree_q(root.path), kind__in=org_rules.BRANCH_KINDS)
                .annotate(born=born).values_list("unit_id", "unit__code", "name", "path", "born"))
    branch_sql, branch_params = branches.query.sql_with_params()
    # The meetings are filtered by the same subtree read from the table itself, not from the
    # ``branches`` CTE: PostgreSQL has no statistics for a CTE (it guesses 200 rows) and then
    # walks the meetings branch by branch instead of one index-only range scan.
    ids_sql, ids_params = (versions_as_of(scope.as_of).filter(scope.subtree_q(root.path),
                                                             kind__in=org_rules.BRANCH_KINDS)
                           .values("unit_id").query.sql_with_params())
    months_sql, months_params = _values([(m.index, m.first_day) for m in period.months], (0, date(1, 1, 1)))
    quarters_sql, quarters_params = _values([(q.index, q.first_day) for q in period.quarters], (0, date(1, 1, 1)))
    percent = policy.attendance_min_percent
    regular = policy.regular_kinds
    kinds = ", ".join("%s" for _k in regular)
    # Every part is grouped by branch and the parts are stacked (UNION ALL) and grouped once more:
    # no join between the derived tables, so neither planner can pick a nested scan of two of
    # them (measured: joining them cost SQLite 25 s for 5,000 branches; stacking, well under 1 s).
    # PostgreSQL misjudges how few the candidate meetings are (no statistics for CTEs) and would
    # hash all attendance rows: read their attendance by index (LATERAL; OFFSET 0 keeps it apart).
    postgres = connection.vendor == "postgresql"
    materialized = "MATERIALIZED" if postgres else ""
    attendance_of_h = ("CROSS JOIN LATERAL (SELECT member_id, status FROM meetings_attendance x "
                       "WHERE x.meeting_id = h.id OFFSET 0) a"
                       if postgres else "JOIN meetings_attendance a ON a.meeting_id = h.id")
    sql = f"""
WITH branches(unit_id, code, name, path, born) AS ({branch_sql}),
months(mi, first_day) AS ({months_sql}),
quarters(qi, first_day) AS ({quarters_sql}),
held AS (
  SELECT m.id, m.unit_id, m.kind, m.held_on, m.held_month, m.summoned_count, m.present_count,
         m.excused_count, m.absent_count
  FROM meetings_meeting m
  WHERE m.status = %s AND m.held_month >= %s AND m.held_month <= %s
    AND m.unit_id IN ({ids_sql})),
month_marks AS (
  SELECT unit_id, mi, MAX(expected) AS expected, MAX(met) AS met FROM (
    SELECT b.unit_id, mo.mi, 1 AS expected, 0 AS met FROM branches b JOIN months mo ON mo.first_day >= b.born
    UNION ALL
    SELECT unit_id, held_month, 0, 1 FROM held WHERE kind IN ({kinds})) t
  GROUP BY unit_id, mi),
quarter_marks AS (
  SELECT unit_id, qi, MAX(expected) AS expected, SUM(met) AS met FROM (
    SELECT b.unit_id, q.qi, 1 AS expected, 0 AS met FROM branches b JOIN quarters q ON q.first_day >= b.born
    UNION ALL
    SELECT unit_id, held_month / 3, 0, 1 FROM held WHERE kind = %s) t
  GROUP BY unit_id, qi),
absentees AS (SELECT h.unit_id, COUNT(DISTINCT a.member_id) AS n
              FROM held h JOIN meetings_attendance a ON a.meeting_id = h.id
              WHERE h.absent_count > 0 AND a.status = %s GROUP BY h.unit_id),
-- A member's run of excused meetings lies in a run of the branch's meetings where someone was
-- excused (a member off the roster in between, who then returns, is the one case it misses).
excusing_many AS (SELECT unit_id FROM held WHERE excused_count > 0 GROUP BY unit_id HAVING COUNT(*) > %s),
excusing_runs AS (SELECT unit_id, excused_count > 0 AS excusing,
                         ROW_NUMBER() OVER (PARTITION BY unit_id ORDER BY held_on, id)
                         - ROW_NUMBER() OVER (PARTITION BY unit_id, excused_count > 0 ORDER BY held_on, id) AS run
                  FROM held WHERE unit_id IN (SELECT unit_id FROM excusing_many)),
excusing AS (SELECT DISTINCT unit_id FROM excusing_runs WHERE excusing
             GROUP BY unit_id, run HAVING COUNT(*) > %s),
candidates AS {materialized} (SELECT id, unit_id, held_on FROM held WHERE unit_id IN (SELECT unit_id FROM excusing)),
marks AS (SELECT h.unit_id, a.member_id, a.status,
                 ROW_NUMBER() OVER (PARTITION BY h.unit_id, a.member_id ORDER BY h.held_on, h.id)
                 - ROW_NUMBER() OVER (PARTITION BY h.unit_id, a.member_id, a.status ORDER BY h.held_on, h.id) AS run
          FROM candidates h {attendance_of_h}),
runs AS (SELECT unit_id, member_id FROM marks WHERE status = %s
         GROUP BY unit_id, member_id, run HAVING COUNT(*) > %s),
facts(unit_id, code, name, path, born, expected_months, missed_months, missing_quarters, low_meetings,
      absent_members, excused_members) AS (
  SELECT unit_id, code, name, path, born, 0, 0, 0, 0, 0, 0 FROM branches
  UNION ALL
  SELECT unit_id, NULL, NULL, NULL, NULL, SUM(expected), SUM(CASE WHEN expected = 1 AND met = 0 THEN 1 ELSE 0 END),
         0, 0, 0, 0 FROM month_marks GROUP BY unit_id
  UNION ALL
  SELECT unit_id, NULL, NULL, NULL, NULL, 0, 0, SUM(CASE WHEN expected = 1 AND met < %s THEN 1 ELSE 0 END),
         0, 0, 0 FROM quarter_marks GROUP BY unit_id
  UNION ALL
  SELECT unit_id, NULL, NULL, NULL, NULL, 0, 0, 0, COUNT(*), 0, 0 FROM held
  WHERE summoned_count > 0 AND present_count * %s < %s * summoned_count GROUP BY unit_id
  UNION ALL
  SELECT unit_id, NULL, NULL, NULL, NULL, 0, 0, 0, 0, n, 0 FROM absentees
  UNION ALL
  SELECT unit_id, NULL, NULL, NULL, NULL, 0, 0, 0, 0, 0, COUNT(DISTINCT member_id) FROM runs GROUP BY unit_id),
per_branch AS (
  SELECT unit_id, MAX(code) AS code, MAX(name) AS name, MAX(path) AS path, MAX(born) AS born,
         SUM(expected_months) AS expected_months, SUM(missed_months) AS missed_months,
         SUM(missing_quarters) AS missing_quarters, SUM(low_meetings) AS low_meetings,
         SUM(absent_members) AS absent_members, SUM(excused_members) AS excused_members
  FROM facts GROUP BY unit_id)
"""
    params = [*branch_params, *months_params, *quarters_params,
              MeetingStatus.HELD, period.start.index, period.end.index, *ids_params, *regular, MeetingKind.THEMATIC,
              rules.ABSENT, policy.max_excused_in_a_row, policy.max_excused_in_a_row, rules.EXCUSED,
              policy.max_excused_in_a_row,
              policy.thematic_per_quarter, percent.denominator * 100, percent.numerator]
    return sql, params


@contextmanager
def _statement():
    """A cursor for the compliance statement. PostgreSQL would compile a statement this size with
    JIT, which costs more (≈ 0.7 s measured) than it saves: off for this transaction only."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        yield cursor


GAPS = "(missed_months > 0 OR missing_quarters > 0 OR low_meetings > 0 OR absent_members > 0 OR excused_members > 0)"


@dataclass(frozen=True)
class ComplianceSummary:
    """Counts for a subtree and a period (the dashboard shows them)."""

    root: str
    root_name: str
    start: Month
    end: Month
    months_checked: int
    quarters_checked: int
    branches: int
    branches_expected: int
    branches_compliant: int
    missing_monthly: int
    missing_thematic: int
    low_attendance: int
    absent_without_reason: int  # branches with a member absent without reason
    members_absent_without_reason: int
    members_excused_in_a_row: int

    @property
    def compliant_percent(self) -> float | None:
        return round(100 * self.branches_compliant / self.branches_expected, 1) if self.branches_expected else None

    def as_json(self) -> dict:
        return {
            "root": self.root, "root_name": self.root_name, "from": self.start.iso(), "to": self.end.iso(),
            "months_checked": self.months_checked, "quarters_checked": self.quarters_checked,
            "branches": self.branches, "branches_expected": self.branches_expected,
            "branches_compliant": self.branches_compliant, "missing_monthly": self.missing_monthly,
            "missing_thematic": self.missing_thematic, "low_attendance": self.low_attendance,
            "absent_without_reason": self.absent_without_reason,
            "members_absent_without_reason": self.members_absent_without_reason,
            "members_excused_in_a_row": self.members_excused_in_a_row,
        }


#: The nine counts of a summary over ``per_branch`` rows: sums, so a subtree's counts are the sums
#: of its parts' (the dashboard keeps them per tally unit, :mod:`tochuc.reports.tally`).
SUMMARY_COLUMNS = f"""COUNT(*),
       SUM(CASE WHEN expected_months > 0 THEN 1 ELSE 0 END),
       SUM(CASE WHEN expected_months > 0 AND NOT {GAPS} THEN 1 ELSE 0 END),
       SUM(CASE WHEN missed_months > 0 THEN 1 ELSE 0 END),
       SUM(CASE WHEN missing_quarters > 0 THEN 1 ELSE 0 END),
       SUM(CASE WHEN low_meetings > 0 THEN 1 ELSE 0 END),
       SUM(CASE WHEN absent_members > 0 THEN 1 ELSE 0 END),
       SUM(absent_members), SUM(excused_members)"""
SUMMARY_COUNTS = 9


def compliance_period(start, end, today: date | None = None) -> Period:
    """The checked months and quarters from ``start`` to ``end`` as of ``today``."""
    return _period(start, end, today)


def compliance_summary(scope: Scope, root, start, end, *, today: date | None = None,
                       policy: MeetingPolicy | None = None) -> ComplianceSummary:
    """Counts of branch meeting compliance in the subtree at ``root`` (a unit code or version)
    from month ``start`` to month ``end`` (``Month``, ``date`` or ``"YYYY-MM"``): branches
    expected to meet, compliant, missing a monthly meeting, missing a quarter's thematic session,
    with a meeting under the attendance threshold. One query; ``UnitVersion.DoesNotExist`` when
    the root is not in scope."""
    from tochuc.meetings.policy import current_policy

    policy = policy or current_policy()
    period = _period(start, end, today)
    day_scope, version = _root(scope, root, period.tree_date)
    sql, params = _per_branch_sql(day_scope, version, period, policy)
    with _statement() as cursor:
        cursor.execute(sql + f"\nSELECT {SUMMARY_COLUMNS} FROM per_branch", params)
        row = [int(v or 0) for v in cursor.fetchone()]
    return summary_of(version, period, row)


def summary_of(version: UnitVersion, period: Period, counts: Sequence[int]) -> ComplianceSummary:
    return ComplianceSummary(version.unit.code, version.name, period.start, period.end, len(period.months),
                             len(period.quarters), *counts)


def compliance_counts_by_place(day_scope: Scope, version: UnitVersion, period: Period, policy: MeetingPolicy,
                               cut: int) -> dict[str, list[int]]:
    """The summary's counts for the subtree at ``version`` on the period's tree date, per branch
    path prefix of ``cut`` characters (one query)."""
    sql, params = _per_branch_sql(day_scope, version, period, policy)
    sql += (f"\nSELECT SUBSTR(path, 1, {int(cut)}), {SUMMARY_COLUMNS} FROM per_branch "
            f"GROUP BY SUBSTR(path, 1, {int(cut)})")
    with _statement() as cursor:
        cursor.execute(sql, params)
        return {row[0]: [int(v or 0) for v in row[1:]] for row in cursor.fetchall()}


@dataclass
class BranchGaps:
    """One branch of a compliance listing: the counts of the SQL, and (filled by
    :func:`explain_gaps`) which months, quarters, meetings and members they are."""

    unit_id: int
    code: str
    name: str
    path: str
    born: date
    expected_months: int
    missed_months: int
    missing_quarters: int
    low_meetings: int
    absent_members: int
    excused_members: int
    missed: list[Month] = field(default_factory=list)
    quarters: list[rules.Quarter] = field(default_factory=list)
    low: list[HeldMeeting] = field(default_factory=list)
    absent_names: list[str] = field(default_factory=list)
    excused_names: list[str] = field(default_factory=list)

    @property
    def compliant(self) -> bool:
        return self.expected_months > 0 and not (self.missed_months or self.missing_quarters or self.low_meetings
                                                 or self.absent_members or self.excused_members)


def compliance_branches(scope: Scope, root, start, end, *, only_gaps: bool = True, limit: int = 100, offset: int = 0,
                        today: date | None = None, policy: MeetingPolicy | None = None,
                        explain: bool = True) -> list[BranchGaps]:
    """The branches of the subtree (those with a gap, by default) in tree order, a page at a time,
    each with its gaps spelled out (two more queries for the whole page)."""
    from tochuc.meetings.policy import current_policy

    policy = policy or current_policy()
    period = _period(start, end, today)
    day_scope, version = _root(scope, root, period.tree_date)
    sql, params = _per_branch_sql(day_scope, version, period, policy)
    sql += "SELECT unit_id, code, name, path, born, expected_months, missed_months, missing_quarters, low_meetings," \
           " absent_members, excused_members FROM per_branch"
    if only_gaps:
        sql += f" WHERE {GAPS}"
    sql += " ORDER BY path"
    if limit is not None:
        sql += " LIMIT %s OFFSET %s"
        params = [*params, int(limit), int(offset)]
    with _statement() as cursor:
        cursor.execute(sql, params)
        rows = [BranchGaps(*row) for row in cursor.fetchall()]
    for row in rows:
        if isinstance(row.born, str):  # SQLite hands back the text of the date
            row.born = date.fromisoformat(row.born)
    if explain:
        for start_at in range(0, len(rows), EXPLAIN_CHUNK):
            explain_gaps(rows[start_at : start_at + EXPLAIN_CHUNK], period, policy)
    return rows


EXPLAIN_CHUNK = 500


def explain_gaps(rows: list[BranchGaps], period: Period, policy: MeetingPolicy) -> None:
    """Fill in which months, quarters, meetings and members make each branch's counts, with the
    pure rules over the branches' held meetings and attendance (two queries)."""
    ids = [r.unit_id for r in rows]
    held = (Meeting.objects.filter(unit_id__in=ids, status=MeetingStatus.HELD, held_month__gte=period.start.index,
                                   held_month__lte=period.end.index)
            .order_by("held_on", "id")
            .values_list("id", "unit_id", "held_on", "kind", "summoned_count", "present_count"))
    meetings: dict[int, list[HeldMeeting]] = {i: [] for i in ids}
    for _id, unit_id, held_on, kind, summoned, present in held:
        meetings[unit_id].append(HeldMeeting(held_on, kind, summoned, present))
    sheets: dict[int, dict[int, list[str]]] = {i: {} for i in ids}
    names: dict[int, str] = {}
    marks = (Attendance.objects.filter(meeting__unit_id__in=ids, meeting__status=MeetingStatus.HELD,
                                       meeting__held_month__gte=period.start.index,
                                       meeting__held_month__lte=period.end.index)
             .order_by("meeting__held_on", "meeting_id")
             .values_list("meeting__unit_id", "member_id", "member__full_name", "status"))
    for unit_id, member_id, name, status in marks:
        sheets[unit_id].setdefault(member_id, []).append(status)
        names[member_id] = name
    for row in rows:
        result = rules.branch_compliance(start=period.start, end=period.end, today=period.today, existed_from=row.born,
                                         held=meetings[row.unit_id], attendance=sheets[row.unit_id], policy=policy)
        row.missed = list(result.missed_months)
        row.quarters = list(result.quarters_without_thematic)
        row.low = list(result.low_attendance)
        row.absent_names = sorted(names[m] for m in result.absent_without_reason)
        row.excused_names = sorted(names[m] for m in result.excused_in_a_row)


def period_of(start, end, today: date | None = None) -> Period:
    return _period(start, end, today)
