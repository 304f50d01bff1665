"""How many delegates each unit directly below elects to a delegates' congress: proposed in
proportion to official members at the cut-off (rule in ``tochuc.domain.elections``), then
edited by the convening committee."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tochuc.congresses import conf
from tochuc.congresses.models import Allocation, AllocationLine, Congress
from tochuc.congresses.services._common import _audit, _require_write
from tochuc.core.scope import Scope
from tochuc.domain import elections as rules
from tochuc.members.models import MemberStatus
from tochuc.members.selectors import memberships_on
from tochuc.orgs.models import UnitVersion
from tochuc.orgs.selectors import valid_on


@transaction.atomic
def allocation_propose(*, actor, scope: Scope, congress: Congress, total: int, minimum_per_unit: int | None = None,
                       cutoff_on: date | None = None, reason: str | None = None) -> Allocation:
    """Propose how many delegates each unit directly below elects to this delegates' congress, in
    proportion to its official members at the cut-off (largest remainder, a minimum per unit)."""
    from django.db.models import Count

    _require_write(scope)
    minimum = conf.min_delegates_per_unit() if minimum_per_unit is None else minimum_per_unit
    cutoff = cutoff_on or congress.cutoff_on
    root = UnitVersion.objects.filter(valid_on(cutoff), unit_id=congress.unit_id).first()
    at = scope.at(cutoff)
    if root is None or not at.contains_path(root.path):
        raise ValidationError(_("Tổ chức không tồn tại hoặc ngoài phạm vi vào ngày chốt."))
    children = list(UnitVersion.objects.filter(valid_on(cutoff), parent_id=congress.unit_id).order_by("name"))
    if not children:
        raise ValidationError(_("Tổ chức không có đơn vị trực thuộc để phân bổ đại biểu."))
    width = len(root.path) + 8
    from django.db.models.functions import Substr

    counts = dict(
        memberships_on(cutoff).filter(valid_on(cutoff, "unit__versions__"), at.subtree_q(root.path, "unit__versions__"),
                                      member__status=MemberStatus.OFFICIAL, member__official_on__lte=cutoff)
        .annotate(prefix=Substr("unit__versions__path", 1, width)).values("prefix").annotate(n=Count("id"))
        .order_by().values_list("prefix", "n"))
    members = {str(child.unit_id): counts.get(child.path[:width], 0) for child in children}
    try:
        shares = rules.allocate_delegates(total, members, minimum)
    except rules.ElectionInputError as exc:
        raise ValidationError(exc.message) from None
    Allocation.objects.filter(congress=congress).delete()
    allocation = Allocation.objects.create(congress=congress, total=total, minimum_per_unit=minimum, cutoff_on=cutoff)
    AllocationLine.objects.bulk_create([
        AllocationLine(allocation=allocation, unit_id=child.unit_id, unit_name=child.name,
                       official_members=members[str(child.unit_id)], proposed=shares[str(child.unit_id)],
                       final=shares[str(child.unit_id)]) for child in children])
    _audit(actor, "congress.allocation_propose", congress, congress, reason=reason,
           after={"total": total, "minimum": minimum, "shares": {c.name: shares[str(c.unit_id)] for c in children}})
    return allocation


@transaction.atomic
def allocation_line_set(*, actor, scope: Scope, line: AllocationLine, final: int,
                        reason: str | None = None) -> AllocationLine:
    """The convening committee edits the proposal (a unit's number of delegates)."""
    _require_write(scope)
    if final < 0 or final > line.official_members:
        raise ValidationError(_("%(unit)s: số đại biểu phải từ 0 đến %(n)s (số đảng viên chính thức).") % {
            "unit": line.unit_name, "n": line.official_members})
    before = line.final
    line.final = final
    line.save(update_fields=["final"])
    _audit(actor, "congress.allocation_edit", line.allocation.congress, line.allocation.congress, reason=reason,
           before={"unit": line.unit_name, "final": before}, after={"unit": line.unit_name, "final": final})
    return line
