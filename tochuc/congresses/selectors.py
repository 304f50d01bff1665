"""Reads of congresses and elections. A congress is visible when its unit, on the scope's date,
lies in the scope; everything else (delegates, elections, rounds) is reached through it, so an
id outside the scope raises ``DoesNotExist`` (a 404 to the caller)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from tochuc.congresses import conf
from tochuc.congresses.models import (
    BallotEntry,
    Candidate,
    Congress,
    CongressKind,
    CongressRole,
    Delegate,
    DelegateCategory,
    Election,
    RoleKind,
    Round,
    TallyEntry,
)
from tochuc.core.permissions import allows
from tochuc.core.scope import Scope, today
from tochuc.domain.elections import (
    CongressBase,
    DelegateRecord,
    MemberRecord,
    Quorum,
    Reconciliation,
    delegates_congress_base,
    members_congress_base,
    quorum,
    reconcile_entries,
)
from tochuc.domain.text import fold
from tochuc.orgs.models import UnitVersion
from tochuc.orgs.selectors import scoped_versions, valid_on, versions_as_of


def scoped_congresses(scope: Scope) -> QuerySet[Congress]:
    return Congress.objects.filter(unit_id__in=scoped_versions(scope).values("unit_id"))


def congress_list(*, scope: Scope, limit: int = 200) -> list[Congress]:
    return list(scoped_congresses(scope).order_by("-starts_on", "-id")[:limit])


def congress_get(*, scope: Scope, congress_id: int) -> Congress:
    return scoped_congresses(scope).get(pk=congress_id)


def election_get(*, scope: Scope, election_id: int) -> Election:
    return Election.objects.select_related("congress").get(
        pk=election_id, congress__in=scoped_congresses(scope))


def round_get(*, scope: Scope, round_id: int) -> Round:
    return Round.objects.select_related("election", "election__congress").get(
        pk=round_id, election__congress__in=scoped_congresses(scope))


def delegate_get(*, scope: Scope, delegate_id: int) -> Delegate:
    return Delegate.objects.select_related("congress").get(pk=delegate_id, congress__in=scoped_congresses(scope))


def congress_unit_name(congress: Congress) -> str:
    version = UnitVersion.objects.filter(valid_on(congress.cutoff_on), unit_id=congress.unit_id).first() \
        or UnitVersion.objects.filter(unit_id=congress.unit_id).order_by("-valid_from").first()
    return version.name if version else ""


def user_roles(congress: Congress, user) -> set[str]:
    if user is None or not getattr(user, "pk", None):
        return set()
    return set(CongressRole.objects.filter(congress=congress, user=user).values_list("role", flat=True))


def unit_path_today(congress: Congress) -> str | None:
    """The path of the congress's unit today (None when the unit no longer exists)."""
    return versions_as_of(today()).filter(unit_id=congress.unit_id).values_list("path", flat=True).first()


def can_grant_roles(congress: Congress, user, scope: Scope) -> bool:
    """Who hands out and takes back the roles of a congress (issue 13, point 1): its convening
    committee, or an administrator; either with a scope that covers the congress's unit today
    (a role is a write: it happens inside today's scope, whatever date the page is read at)."""
    if scope.is_system:
        return True
    if user is None or not getattr(user, "pk", None):
        return False
    if RoleKind.COMMITTEE not in user_roles(congress, user) and not allows(scope, "congress.grant_roles"):
        return False
    path = unit_path_today(congress)
    return path is not None and scope.at(today()).contains_path(path)


def can_see_results(election: Election, user) -> bool:
    """Results are hidden until the presidium releases them; before that only the counting
    committee and the convening committee (roles of the congress) see them."""
    return election.released_at is not None or bool(user_roles(election.congress, user))


# --- The base and attendance -------------------------------------------------------------------

OFFICIAL_DELEGATES = (DelegateCategory.ELECTED, DelegateCategory.EX_OFFICIO, DelegateCategory.APPOINTED)


def congress_base(congress: Congress) -> CongressBase:
    """The "more than half" base from the summons and check-ins (190-QĐ/TW; domain ``base``)."""
    if congress.kind == CongressKind.MEMBERS:
        rows = list(Delegate.objects.filter(congress=congress, category=DelegateCategory.MEMBER).values_list(
            "id", "temporarily_transferred", "exempted", "checked_in_at", "absence_approved", "suspended",
            "prosecuted_or_detained"))
        records = [MemberRecord(str(i), temporarily_transferred=t, exempted=e, present=at is not None,
                                absence_approved=a and at is None, suspended=s, prosecuted_or_detained=p)
                   for i, t, e, at, a, s, p in rows]
        flagged = [r for r in records if r.temporarily_transferred or r.exempted or r.absence_approved
                   or r.suspended or r.prosecuted_or_detained or not r.present]
        return members_congress_base(max(len(records), 1), flagged)
    rows = list(Delegate.objects.filter(congress=congress, category__in=OFFICIAL_DELEGATES).values_list(
        "id", "category", "checked_in_at", "disqualified", "replaced_by_id"))
    records = [DelegateRecord(str(i), ex_officio=c == DelegateCategory.EX_OFFICIO, present=at is not None,
                              disqualified=d, replaced_by_substitute=r is not None and (at is None or d)
                              and c != DelegateCategory.EX_OFFICIO)
               for i, c, at, d, r in rows]
    flagged = [r for r in records if not r.present or r.disqualified]
    return delegates_congress_base(max(len(records), 1), flagged)


@dataclass(frozen=True)
class Attendance:
    summoned: int
    present: int
    base: CongressBase
    quorum: Quorum
    by_category: dict[str, tuple[int, int]]  # category → (summoned, present)


def attendance(congress: Congress) -> Attendance:
    """Live figures for the check-in desk and the presidium (one GROUP BY, then the base)."""
    from django.db.models import Count, Q

    rows = (Delegate.objects.filter(congress=congress).values("category")
            .annotate(n=Count("id"), here=Count("id", filter=Q(checked_in_at__isnull=False))).order_by())
    by_category = {row["category"]: (row["n"], row["here"]) for row in rows}
    voting = [DelegateCategory.MEMBER] if congress.kind == CongressKind.MEMBERS else list(OFFICIAL_DELEGATES)
    summoned = sum(by_category.get(c, (0, 0))[0] for c in voting)
    present = sum(by_category.get(c, (0, 0))[1] for c in voting)
    substitutes_seated = 0
    if congress.kind == CongressKind.DELEGATES:
        substitutes_seated = Delegate.objects.filter(congress=congress, category=DelegateCategory.SUBSTITUTE,
                                                     checked_in_at__isnull=False, replaces__isnull=False).count()
    base = congress_base(congress)
    return Attendance(summoned=summoned, present=present + substitutes_seated, base=base,
                      quorum=quorum(base=base.base if summoned else 0, present=present + substitutes_seated,
                                    fraction=conf.quorum_fraction()),
                      by_category=by_category)


def delegate_search(*, congress: Congress, query: str, limit: int = 20) -> list[Delegate]:
    query = query.strip()
    if not query:
        return []
    found = Delegate.objects.filter(congress=congress)
    if query.isdigit():
        return list(found.filter(card_number=query)[:limit]) or list(found.filter(number=int(query))[:limit])
    for term in fold(query).split():
        found = found.filter(search_key__contains=term)
    return list(found[:limit])


# --- Ballots -----------------------------------------------------------------------------------


def round_candidates(round_: Round) -> list[Candidate]:
    return list(round_.candidates.order_by("order", "id"))


def teller_entries(round_: Round, teller: int) -> dict[int, object]:
    """Ballot number → comparable entry of one teller."""
    return {number: {"invalid": invalid} if invalid else marks
            for number, marks, invalid in BallotEntry.objects.filter(round=round_, teller=teller)
            .values_list("number", "marks", "invalid")}


def round_reconciliation(round_: Round) -> Reconciliation:
    if round_.mode == "tallies":
        tallies = {t.teller: {"valid": t.valid, "invalid": t.invalid, "votes": t.votes}
                   for t in TallyEntry.objects.filter(round=round_)}
        return reconcile_entries({0: tallies[1]} if 1 in tallies else {}, {0: tallies[2]} if 2 in tallies else {})
    return reconcile_entries(teller_entries(round_, 1), teller_entries(round_, 2))


def entry_counts(round_: Round) -> dict[int, int]:
    from django.db.models import Count

    return dict(BallotEntry.objects.filter(round=round_).values_list("teller").annotate(n=Count("id"))
                .order_by().values_list("teller", "n"))


def elected_names(election: Election) -> list[str]:
    """Everyone elected over all counted rounds, in order of rounds then votes."""
    names: list[str] = []
    for round_ in election.rounds.filter(status="counted"):
        names.extend(round_.result.get("elected", []))
    return names


#: What of an audit row about an election tells its results (votes, names elected or tied).
RESULT_KEYS = frozenset({"elected", "tied", "unfilled", "votes", "valid", "invalid", "invalid_by_reason", "result",
                         "base"})
#: … and, in a row opening a further round, why (a tie, a shortfall) and for how many seats.
NEXT_ROUND_KEYS = RESULT_KEYS | {"reason", "seats"}


def audit_redact_unreleased(entries: list, scope: Scope) -> None:
    """Hide the results in audit rows of elections not yet released from readers without a role
    in the congress (issue 13, point 3). Services no longer write results into audit rows; this
    covers the rows written before, and any that slip in later."""
    from django.utils.translation import gettext as _

    if scope.is_system:
        return
    ids = {int(e.object_id) for e in entries
           if e.object_type == "congresses.election" and str(e.object_id).isdigit()}
    if not ids:
        return
    unreleased = dict(Election.objects.filter(pk__in=ids, released_at__isnull=True).values_list("pk", "congress_id"))
    if not unreleased:
        return
    mine = set(CongressRole.objects.filter(user_id=scope.user_id, congress_id__in=set(unreleased.values()))
               .values_list("congress_id", flat=True)) if scope.user_id else set()
    for entry in entries:
        if entry.object_type != "congresses.election" or not str(entry.object_id).isdigit():
            continue
        congress_id = unreleased.get(int(entry.object_id))
        if congress_id is None or congress_id in mine:
            continue
        hidden = NEXT_ROUND_KEYS if entry.action == "election.round_next" else RESULT_KEYS
        for side in ("before", "after"):
            value = getattr(entry, side)
            if isinstance(value, dict) and hidden & set(value):
                kept = {k: v for k, v in value.items() if k not in hidden}
                kept["hidden"] = _("ẩn đến khi công bố kết quả")
                setattr(entry, side, kept)


def roles_of(congress: Congress) -> list[CongressRole]:
    return list(CongressRole.objects.filter(congress=congress).select_related("user")
                .order_by("role", "user__username"))


__all__ = ["RoleKind"]
