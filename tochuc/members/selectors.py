"""Reads of members. Every read takes a scope: a member is visible when their branch on the
scope's date lies in the scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet, Subquery

from tochuc.core import jobs
from tochuc.core.scope import Scope
from tochuc.domain import orgs as org_rules
from tochuc.domain.members.dates import add_months
from tochuc.domain.members.probation import official_status_deadline
from tochuc.domain.members.rules import next_badge
from tochuc.domain.text import search_terms
from tochuc.members.models import Member, Membership, MembershipKind, MemberStatus
from tochuc.orgs.models import UnitVersion
from tochuc.orgs.selectors import scoped_versions, subtree_versions, valid_on, versions_as_of


def memberships_on(as_of: date) -> QuerySet[Membership]:
    """Primary memberships valid on ``as_of`` (the member's own branch, not a temporary one)."""
    return Membership.objects.filter(valid_on(as_of), kind=MembershipKind.PRIMARY)


def subtree_memberships(scope: Scope, path: str) -> QuerySet[Membership]:
    units = subtree_versions(scope, path).values("unit_id")
    return memberships_on(scope.as_of).filter(unit_id__in=Subquery(units))


def member_count(*, scope: Scope, path: str) -> int:
    """Members whose branch on the scope's date lies in the subtree at ``path``."""
    return subtree_memberships(scope, path).count()


def scoped_members(scope: Scope) -> QuerySet[Member]:
    """Members whose branch on the scope's date is inside the scope.

    A correlated EXISTS, so the other filters of a search (a trigram match, a card number)
    narrow the members first and each candidate is checked by index — not a semi-join over
    millions of memberships.
    """
    from django.db.models import Exists, OuterRef

    # ``then_q``, not ``path_q``: a dated read lists who was in the subtree then, even members
    # who left since; what it may show of them is cut by ``member_left_on`` (invariant 11).
    in_scope = memberships_on(scope.as_of).filter(
        member_id=OuterRef("pk"), unit_id__in=versions_as_of(scope.as_of).filter(scope.then_q()).values("unit_id"))
    return Member.objects.filter(Exists(in_scope))


def members_reached_today(*, scope: Scope, member_ids) -> set[int]:
    """Which of the members are in the scope today (the others left it since the scope's date)."""
    ids = list(member_ids)
    if not scope.dated:
        return set(ids)
    return set(scoped_members(scope.current()).filter(pk__in=ids).values_list("pk", flat=True))


def mark_left(*, scope: Scope, members: list[Member]) -> list[Member]:
    """Set ``member.left`` on the members of a dated list who are no longer in the scope today:
    pages and exports then show none of their current data (status, card number)."""
    here = members_reached_today(scope=scope, member_ids=[m.pk for m in members])
    for member in members:
        member.left = member.pk not in here
    return members


def _in_scope_on(scope: Scope, member: Member, day: date) -> bool:
    branch_ids = memberships_on(day).filter(member=member).values("unit_id")
    return versions_as_of(day).filter(scope.at(day).then_q(), unit_id__in=branch_ids).exists()


def member_left_on(*, scope: Scope, member: Member) -> date | None:
    """The day a member of the scope's date left the scope's subtrees (a transfer, or their
    branch moved away by a reorganization); None while they are in it today.

    Membership can change only where a membership starts or ends, or where the branch got a new
    version (a move rewrites the versions of the whole moved subtree): those days are tried in order.
    """
    if member.pk in members_reached_today(scope=scope, member_ids=[member.pk]):
        return None
    start, end = scope.as_of, scope.today
    ships = list(Membership.objects.filter(member=member, kind=MembershipKind.PRIMARY).values_list(
        "unit_id", "valid_from", "valid_to"))
    days = {d for _unit, since, until in ships for d in (since, until) if d and start < d <= end}
    days |= set(UnitVersion.objects.filter(unit_id__in={unit for unit, _s, _u in ships}, valid_from__gt=start,
                                           valid_from__lte=end).values_list("valid_from", flat=True))
    for day in sorted(days):
        if not _in_scope_on(scope, member, day):
            return day
    return end


def member_counts_by_prefix(*, scope: Scope, path: str, prefix_length: int) -> dict[str, int]:
    """Members of the subtree at ``path`` grouped by the first ``prefix_length`` characters of
    their branch's path (one query: per-child totals of a unit)."""
    from django.db.models import Count
    from django.db.models.functions import Substr

    on_date = valid_on(scope.as_of, "unit__versions__") & scope.subtree_q(path, "unit__versions__")
    rows = (
        memberships_on(scope.as_of)
        .filter(on_date)  # one filter() call: every condition applies to the same version row
        .annotate(prefix=Substr("unit__versions__path", 1, prefix_length))
        .values("prefix")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["prefix"]: row["n"] for row in rows}


def member_search(*, scope: Scope, query: str, limit: int = 50) -> list[Member]:
    """Members in scope matching ``query``: a 12-digit citizen ID, a card number, a birth year
    (4 digits, optionally with name words), or name words with or without diacritics."""
    terms = search_terms(query)
    if not terms:
        return []
    members = scoped_members(scope)
    name_terms = []
    for term in terms:
        if term.isdigit() and len(term) == 12:
            members = members.filter(national_id=term)
        elif term.isdigit() and len(term) == 4 and 1900 <= int(term) <= 2100:
            year = int(term)
            members = members.filter(birth_date__gte=date(year, 1, 1), birth_date__lt=date(year + 1, 1, 1))
        elif term.isdigit() and len(term) >= 6:
            members = members.filter(card_number=term)
        else:
            name_terms.append(term)
    for term in name_terms:
        members = members.filter(search_key__contains=term)
    return list(members.order_by("search_key", "id")[:limit])


def member_get(*, scope: Scope, member_id: int) -> Member:
    """A member in scope, or ``Member.DoesNotExist`` (a 404 to the caller).

    On a dated scope the member may have left the subtree since: ``member.left_on`` is then the
    day they left, and callers show only masked identifiers and the history before that day.
    """
    member = scoped_members(scope).get(pk=member_id)
    member.left_on = member_left_on(scope=scope, member=member) if scope.dated else None
    return member


def member_branch(*, member: Member, as_of: date) -> Membership | None:
    """The member's primary membership on ``as_of``."""
    return memberships_on(as_of).filter(member=member).select_related("unit").first()


# --- Due lists (what a clerk must act on) -------------------------------------------------------


def probation_due_in_month(*, scope: Scope, year: int, month: int) -> QuerySet[Member]:
    """Probationary members whose 12 months of probation end in the given month
    (Điều lệ Đảng, Điều 5: the chi bộ considers official status when probation ends)."""
    first = date(year, month, 1)
    after = add_months(first, 1)
    # admitted + 12 months falls in [first, after) ⇔ admitted in [first - 12 months, after - 12 months),
    # except that month ends clamp (29/2 + 12 months = 28/2), which the Python check below settles.
    candidates = scoped_members(scope).filter(
        status=MemberStatus.PROBATIONARY,
        admitted_on__gte=add_months(first, -12) - timedelta(days=3),
        admitted_on__lt=add_months(after, -12),
    )
    ids = [m.pk for m in candidates.only("id", "admitted_on") if first <= add_months(m.admitted_on, 12) < after]
    return Member.objects.filter(pk__in=ids).order_by("admitted_on", "search_key")


def probation_overdue(*, scope: Scope, today: date) -> QuerySet[Member]:
    """Probationary members whose probation ended more than the allowed 30 working days ago
    without a decision (Quy định 24-QĐ/TW: consider official status within 30 working days)."""
    # A deadline is at most ~45 calendar days after the end of probation: prefilter, then check.
    candidates = scoped_members(scope).filter(
        status=MemberStatus.PROBATIONARY,
        admitted_on__lt=date(today.year - 1, today.month, 1) if today.month > 1 else date(today.year - 2, 12, 1),
    ).only("id", "admitted_on")
    ids = [m.pk for m in candidates if official_status_deadline(m.admitted_on) < today]
    return Member.objects.filter(pk__in=ids).order_by("admitted_on", "search_key")


@dataclass
class BranchCount:
    """A branch-kind unit with its members on the scope's date; reads like the unit version
    (``name``, ``unit``, ``get_kind_display`` …) with the two counts beside it."""

    version: UnitVersion
    official_members: int
    all_members: int

    def __getattr__(self, name: str):
        return getattr(self.version, name)


def branch_official_counts(*, scope: Scope, kinds: frozenset[str] | None = None) -> list[BranchCount]:
    """Every open branch-kind unit in scope with its numbers of official and of all members.

    Two set-based queries: the branches, then one GROUP BY over the scope's memberships (a
    correlated count per branch took seconds for a province of ten thousand branches).
    """
    from django.db.models import Count

    kinds = kinds or org_rules.BRANCH_KINDS
    branches = list(scoped_versions(scope).filter(kind__in=kinds).select_related("unit", "parent"))
    counts: dict[int, tuple[int, int]] = {}
    for root in scope.paths:
        rows = (
            subtree_memberships(scope, root)
            .values("unit_id")
            .annotate(official=Count("id", filter=Q(member__status=MemberStatus.OFFICIAL)), everyone=Count("id"))
            .order_by()
        )
        for row in rows:
            counts[row["unit_id"]] = (row["official"], row["everyone"])
    return [BranchCount(v, *counts.get(v.unit_id, (0, 0))) for v in branches]


def branches_below_minimum(*, scope: Scope, minimum: int = 3) -> list[BranchCount]:
    """Branches with fewer official members than a party organization needs (Điều lệ Đảng,
    Điều 21: at least 3 official members)."""
    found = [b for b in branch_official_counts(scope=scope) if b.official_members < minimum]
    return sorted(found, key=lambda b: (b.official_members, b.name))


def grassroots_branches_reaching(*, scope: Scope, threshold: int = 30) -> list[BranchCount]:
    """Chi bộ cơ sở with ``threshold`` members or more: time to become a đảng bộ cơ sở."""
    found = [b for b in branch_official_counts(scope=scope, kinds=frozenset({org_rules.GRASSROOTS_BRANCH}))
             if b.all_members >= threshold]
    return sorted(found, key=lambda b: (-b.all_members, b.name))


def badge_candidates(*, scope: Scope, award_day: date) -> list[tuple[Member, int]]:
    """Members who reach a badge level (30, 40, … 90 years) by ``award_day`` and have not yet
    received it (Quy định 94-QĐ/TW). Time out of activity is taken from exemption/leave events
    when recorded; the database prefilter keeps only members admitted ≥ 30 years before."""
    candidates = scoped_members(scope).filter(
        status__in=[MemberStatus.OFFICIAL], admitted_on__lte=add_months(award_day, -(30 * 12 - 24)),
    ).prefetch_related("events").order_by("admitted_on", "search_key")
    found = []
    for member in candidates:
        awarded = [e.details.get("level") for e in member.events.all() if e.kind == "badge" and not e.voided]
        level = next_badge(member.admitted_on, awarded, award_day)
        if level is not None:
            found.append((member, level))
    return found


def import_job_get(*, user, job_id: int):
    """A member import job: its uploader's own (``DoesNotExist`` for anyone else). A running job
    whose worker stopped beating is marked failed on the way (tochuc.core.jobs), so every reader
    sees the same truth without a sweeper process."""
    from tochuc.members.models import ImportJob

    job = ImportJob.objects.defer("content").get(pk=job_id, created_by=user)
    jobs.expire_if_stale(job)
    return job
