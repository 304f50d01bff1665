"""API routes of the organization tree."""

from __future__ import annotations

from datetime import date

from ninja import Router, Schema

from tochuc.core.api_scope import api_scope
from tochuc.orgs import selectors
from tochuc.orgs.models import UnitVersion

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
    return [SearchHit(code=v.unit.code, name=v.name, kind=v.kind, parent=v.parent.code if v.parent else None) for v in found]


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
        for row in selectors.unit_children(scope=scope, version=parent)
    ]


@router.get("/stats", response=StatsOut, summary="Số đơn vị theo loại và số đảng viên của một cây con")
def get_stats(request, root: str | None = None, as_of: date | None = None):
    scope = api_scope(request, as_of)
    return selectors.subtree_stats(scope=scope, code=root).as_json()
