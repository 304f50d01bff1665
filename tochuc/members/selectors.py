"""Reads of members. Every read takes a scope: a member is visible when their branch on the
scope's date lies in the scope."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet, Subquery

from tochuc.accounts.scope import Scope
from tochuc.members.models import Member, Membership, MembershipKind
from tochuc.orgs.selectors import subtree_versions, valid_on


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
    """Members whose branch on the scope's date is inside the scope."""
    condition = Q(pk__in=[])
    for root in scope.paths:
        condition |= Q(pk__in=Subquery(subtree_memberships(scope, root).values("member_id")))
    return Member.objects.filter(condition)


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
