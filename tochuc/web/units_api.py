"""API routes of the organization tree. In web, not orgs: the tree's routes show members per
unit and restated counts, so they assemble orgs, members and reorganizations (README, Architecture)."""

from __future__ import annotations

from datetime import date

from ninja import Router, Schema

from tochuc.core.api_scope import api_scope
from tochuc.members.tree import subtree_stats, unit_children
from tochuc.orgs import selectors
from tochuc.orgs.models import UnitVersion
from tochuc.reorganizations import history

router = Router(tags=["Tổ chức đảng"])


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    kind_label: str
    admin_code: str
    parent: str | None
    path: list[str]
    valid_from: date
    valid_to: date | None
    as_of: date


class ChildOut(Schema):
    code: str
    name: str
    kind: str
    units: dict[str, int]
    members: int


class SearchHit(Schema):
    code: str
    name: str
    kind: str
    parent: str | None


class StatsOut(Schema):
    root: str
    as_of: date
    units: dict[str, int]
    members: int
    restated: bool = False
    structure_on: date | None = None  # restated: the date of the structure counted by
    members_as_of: int | None = None  # restated: the plain count of the subtree on as_of (None: it did not exist)


class TimelineOut(Schema):
    on: date
    event: str
    text: str
    reorganization: int | None
    reason: str


class RestatedChildOut(Schema):
    code: str
    name: str
    kind: str
    members_as_of: int | None
    members_restated: int


def _unit_out(version: UnitVersion, as_of: date) -> UnitOut:
    chain = [*selectors.unit_ancestors(version=version, as_of=as_of), version]
    return UnitOut(
        code=version.unit.code,
        name=version.name,
        kind=version.kind,
        kind_label=str(version.kind_label),
        admin_code=version.unit.admin_code,
        parent=version.parent.code if version.parent else None,
        path=[v.unit.code for v in chain],
        valid_from=version.valid_from,
        valid_to=version.valid_to,
        as_of=as_of,
    )


@router.get("/units/search", response=list[SearchHit], summary="Tìm đơn vị theo tên (không phân biệt dấu)")
def search_units(request, q: str, kind: str | None = None, as_of: date | None = None, limit: int = 50):
    scope = api_scope(request, as_of)
    found = selectors.unit_search(scope=scope, query=q, kind=kind, limit=max(1, min(limit, 200)))
    return [SearchHit(code=v.unit.code, name=v.name, kind=v.kind,
                      parent=v.parent.code if v.parent else None) for v in found]


@router.get("/units/{code}", response=UnitOut, summary="Một đơn vị")
def get_unit(request, code: str, as_of: date | None = None):
    scope = api_scope(request, as_of)
    return _unit_out(selectors.unit_get(scope=scope, code=code), scope.as_of)


@router.get("/units/{code}/children", response=list[ChildOut], summary="Các đơn vị trực thuộc, kèm số lượng")
def get_children(request, code: str, as_of: date | None = None):
    scope = api_scope(request, as_of)
    parent = selectors.unit_get(scope=scope, code=code)
    return [
        ChildOut(code=row.version.unit.code, name=row.version.name, kind=row.version.kind, units=row.units,
                 members=row.members)
        for row in unit_children(scope=scope, version=parent)
    ]


@router.get("/stats", response=StatsOut, summary="Số đơn vị theo loại và số đảng viên của một cây con")
def get_stats(request, root: str | None = None, as_of: date | None = None, restated: bool = False,
              structure_on: date | None = None):
    """``restated=true``: members on ``as_of`` counted by the structure of ``structure_on`` (default
    today), e.g. a commune formed on 1/7/2025 for a date before it existed."""
    if restated:
        scope = api_scope(request, structure_on)
        return history.restated_stats(scope=scope, code=root, as_of=as_of or scope.as_of)
    scope = api_scope(request, as_of)
    return subtree_stats(scope=scope, code=root).as_json()


@router.get("/units/{code}/timeline", response=list[TimelineOut], summary="Các lần thay đổi của đơn vị")
def get_timeline(request, code: str, as_of: date | None = None):
    version = selectors.unit_get(scope=api_scope(request, as_of), code=code)
    return [TimelineOut(on=e.on, event=e.event, text=e.text, reorganization=e.reorganization_id, reason=e.reason)
            for e in history.unit_timeline(unit=version)]


@router.get("/units/{code}/restated", response=list[RestatedChildOut],
            summary="Đảng viên của các đơn vị trực thuộc vào một ngày, theo cơ cấu lúc đó và quy đổi theo cơ cấu hiện "
                    "nay")
def get_restated_children(request, code: str, as_of: date, structure_on: date | None = None):
    scope = api_scope(request, structure_on)
    return [RestatedChildOut(code=r.version.unit.code, name=r.version.name, kind=r.version.kind,
                             members_as_of=r.as_of_count, members_restated=r.restated)
            for r in history.restated_unit_counts(scope=scope, code=code, as_of=as_of)]
