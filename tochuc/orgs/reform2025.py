"""The 2025 reform as data: the old (pre-1/7/2025) tree, the new one, and the plan between them.

Old structure (63 provinces, 696 districts, 10,035 communes) and the old→new commune mapping come
from the PyPI package ``vietnamadminunits`` (``dataset.db`` table ``admin_units_legacy`` and
``converter_2025.json``); the new structure is :func:`tochuc.orgs.realdata.real_tree_rows`
(package ``vietnam-provinces``). Quy định 294-QĐ/TW (2025): the district level ends and commune
committees sit directly under the 34 provincial committees from 1/7/2025.

Nothing here writes to the database; the package's data files are read once and cached.

Old codes: province ``P63-<2-digit code>``, district ``H-<3-digit code>``, commune
``XC-<5-digit code>`` (the GSO codes of the old units). New codes are those of realdata
(``T01`` …, ``X00004`` …).

Data notes:

* ``admin_units_legacy`` has 10,040 rows but 5 of them are island districts with no commune level
  (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo; ward columns empty). They are districts here,
  not communes (10,035 communes), and the plan merges each such district whole into the special
  zone (đặc khu) that replaced it.
* ``admin_units.wardCode`` equals the ``vietnam-provinces`` ward code for all 3,321 new communes;
  11 names differ only in tone-mark placement ("Hòa"/"Hoà") or case, and the package
  ``vietnam-provinces`` names three provinces "Thành phố" (Quảng Ninh, Bắc Ninh, Đồng Nai) that
  ``vietnamadminunits`` names "Tỉnh". The new rows keep realdata's names.

Plan format (CSV header ``op,code,target,name,kind,parent``; lines applied in order, effective
:data:`REFORM_DATE`):

* ``create,code,,name,kind,parent`` — a new unit;
* ``move,code,target,,,`` — ``code`` (with its subtree) moves under ``target``;
* ``merge,code,target,,,`` — every child of ``code`` moves under ``target``, then ``code`` closes;
* ``rename,code,,name,,`` — new name;
* ``close,code,,,,`` — the unit ends (it must be empty).
"""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from tochuc.core.tabular import csv_dict_writer
from tochuc.domain import orgs as rules
from tochuc.orgs import realdata
from tochuc.orgs.realdata import REFORM_DATE, ROOT_CODE

__all__ = [
    "OLD_VALID_FROM",
    "PLAN_COLUMNS",
    "REFORM_DATE",
    "UNIT_COLUMNS",
    "NewPart",
    "OldCommune",
    "allocate_branches",
    "commune_mapping",
    "island_districts",
    "new_code_by_key",
    "new_structure_rows",
    "old_commune_code",
    "old_district_code",
    "old_province_code",
    "old_structure_rows",
    "plan_csv",
    "reform_plan_rows",
    "units_csv",
]

OLD_VALID_FROM = date(2020, 1, 1)
UNIT_COLUMNS = ("code", "name", "kind", "parent_code", "valid_from", "admin_code")
PLAN_COLUMNS = ("op", "code", "target", "name", "kind", "parent")


def old_province_code(admin_code: str | int) -> str:
    return f"P63-{int(admin_code):02d}"


def old_district_code(admin_code: str | int) -> str:
    return f"H-{int(admin_code):03d}"


def old_commune_code(admin_code: str | int) -> str:
    return f"XC-{int(admin_code):05d}"


def _data_dir() -> Path:
    import vietnamadminunits

    return Path(vietnamadminunits.__file__).resolve().parent / "data"


@cache
def _legacy_rows() -> tuple[tuple, ...]:
    """(province, provinceCode, district, districtCode, ward, wardCode, full key), by code."""
    with sqlite3.connect(f"file:{_data_dir() / 'dataset.db'}?mode=ro", uri=True) as con:
        rows = con.execute(
            "SELECT province, provinceCode, district, districtCode, ward, wardCode, "
            "provinceKey, districtKey, wardKey FROM admin_units_legacy "
            "ORDER BY provinceCode, districtCode, wardCode"
        ).fetchall()
    return tuple(
        (p, pc, d, dc, w, wc, f"{pk}_{dk}_{wk or ''}") for p, pc, d, dc, w, wc, pk, dk, wk in rows
    )


@cache
def _new_units() -> tuple[tuple[str, str, str, float | None], ...]:
    """(provinceKey, wardKey, wardCode, wardAreaKm2) of the 3,321 new communes."""
    with sqlite3.connect(f"file:{_data_dir() / 'dataset.db'}?mode=ro", uri=True) as con:
        return tuple(con.execute(
            "SELECT provinceKey, wardKey, wardCode, wardAreaKm2 FROM admin_units ORDER BY wardCode"
        ).fetchall())


@cache
def _converter() -> dict:
    with open(_data_dir() / "converter_2025.json", encoding="utf-8") as f:
        return json.load(f)


def _row(code: str, name: str, kind: str, parent: str, valid_from: date, admin_code: str) -> dict[str, str]:
    return {"code": code, "name": name, "kind": kind, "parent_code": parent,
            "valid_from": valid_from.isoformat(), "admin_code": admin_code}


def old_structure_rows(valid_from: date = OLD_VALID_FROM) -> list[dict[str, str]]:
    """The pre-2025 provinces, districts and communes under the existing root "TW", parents first."""
    name_of = realdata._committee_name
    provinces: list[dict[str, str]] = []
    districts: list[dict[str, str]] = []
    communes: list[dict[str, str]] = []
    seen_p: set[str] = set()
    seen_d: set[str] = set()
    for province, pc, district, dc, ward, wc, _key in _legacy_rows():
        if pc not in seen_p:
            seen_p.add(pc)
            provinces.append(_row(old_province_code(pc), name_of(province), rules.PROVINCE, ROOT_CODE,
                                  valid_from, f"{int(pc):02d}"))
        if dc not in seen_d:
            seen_d.add(dc)
            districts.append(_row(old_district_code(dc), name_of(district), rules.DISTRICT,
                                  old_province_code(pc), valid_from, f"{int(dc):03d}"))
        if wc:  # island districts have no commune level
            communes.append(_row(old_commune_code(wc), name_of(ward), rules.COMMUNE,
                                 old_district_code(dc), valid_from, f"{int(wc):05d}"))
    return provinces + districts + communes


def island_districts() -> list[str]:
    """Codes of the old districts without communes (their branches sat directly under them)."""
    return [old_district_code(dc) for _p, _pc, _d, dc, _w, wc, _k in _legacy_rows() if not wc]


def new_structure_rows() -> list[dict[str, str]]:
    """The post-reform provinces and communes, exactly as :func:`realdata.real_tree_rows`."""
    return [r for r in realdata.real_tree_rows() if r["kind"] in (rules.PROVINCE, rules.COMMUNE)]


@cache
def new_code_by_key() -> dict[tuple[str, str], str]:
    """(new provinceKey, new wardKey) → new commune code (``X`` + 5 digits, realdata's)."""
    out: dict[tuple[str, str], str] = {}
    for pk, wk, wc, _area in _new_units():
        if (pk, wk) in out:
            raise ValueError(f"duplicate new ward key {pk}/{wk}")
        out[(pk, wk)] = realdata.commune_code(int(wc))
    return out


@dataclass(frozen=True)
class NewPart:
    code: str  # new commune code
    is_default: bool
    area_km2: float | None


@dataclass(frozen=True)
class OldCommune:
    """Where one old unit (a commune, or an island district) goes on 1/7/2025."""

    code: str
    parts: tuple[NewPart, ...]  # one part: merged whole; several: split, exactly one default

    @property
    def default(self) -> str:
        return next(p.code for p in self.parts if p.is_default)

    @property
    def is_split(self) -> bool:
        return len(self.parts) > 1


@cache
def commune_mapping() -> dict[str, OldCommune]:
    """Old commune code (or island district code) → its new commune(s), in old-code order."""
    by_key: dict[str, str] = {}
    for _p, _pc, _d, dc, _w, wc, key in _legacy_rows():
        by_key[key] = old_commune_code(wc) if wc else old_district_code(dc)
    new_code = new_code_by_key()
    area = {realdata.commune_code(int(wc)): a for _pk, _wk, wc, a in _new_units()}
    conv = _converter()
    out: dict[str, OldCommune] = {}

    def add(old_key: str, parts: tuple[NewPart, ...]) -> None:
        code = by_key.get(old_key)
        if code is None:
            raise ValueError(f"converter names an unknown old unit {old_key!r}")
        if code in out:
            raise ValueError(f"old unit {code} mapped twice")
        out[code] = OldCommune(code, parts)

    for pk, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for wk, old_keys in wards.items():
            target = new_code[(pk, wk)]
            for old_key in old_keys:
                add(old_key, (NewPart(target, True, area[target]),))
    for pk, olds in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, news in olds.items():
            parts = []
            for n in news:
                target = new_code[(pk, n["newWardKey"])]
                parts.append(NewPart(target, bool(n["isDefaultNewWard"]), n.get("newWardAreaKm2")))
            if sum(p.is_default for p in parts) != 1:
                raise ValueError(f"split unit {old_key!r} needs exactly one default new commune")
            add(old_key, tuple(parts))
    missing = set(by_key.values()) - set(out)
    if missing:
        raise ValueError(f"old units without a new commune: {sorted(missing)[:10]}")
    return dict(sorted(out.items()))


def allocate_branches(branches: Sequence[str], parts: Sequence[NewPart]) -> dict[str, list[str]]:
    """Share a split commune's branches among its new communes, deterministically.

    Shares follow the new communes' areas (largest remainder; equal weights when an area is
    unknown), every new commune gets at least one branch when there are enough, and branches
    (sorted by code) are dealt round-robin over the new communes that still have room.
    """
    ordered = sorted(branches)
    n, k = len(ordered), len(parts)
    weights = [p.area_km2 if p.area_km2 and p.area_km2 > 0 else 1.0 for p in parts]
    if any(not (p.area_km2 and p.area_km2 > 0) for p in parts):
        weights = [1.0] * k
    total = sum(weights)
    quotas = [n * w / total for w in weights]
    counts = [int(q) for q in quotas]
    by_remainder = sorted(range(k), key=lambda i: (-(quotas[i] - counts[i]), i))
    for i in by_remainder[: n - sum(counts)]:
        counts[i] += 1
    if n >= k:
        for i in range(k):
            while counts[i] == 0:
                donor = max(range(k), key=lambda j: (counts[j], -j))
                counts[donor] -= 1
                counts[i] += 1
    out: dict[str, list[str]] = {p.code: [] for p in parts}
    left = counts[:]
    i = 0
    for branch in ordered:
        while left[i % k] == 0:
            i += 1
        out[parts[i % k].code].append(branch)
        left[i % k] -= 1
        i += 1
    return out


def _line(op: str, code: str, target: str = "", name: str = "", kind: str = "", parent: str = "") -> dict[str, str]:
    return {"op": op, "code": code, "target": target, "name": name, "kind": kind, "parent": parent}


def reform_plan_rows(branches_by_old_commune: Mapping[str, Iterable[str]] | None = None, *,
                     include_creates: bool = False) -> list[dict[str, str]]:
    """The reorganization plan (effective :data:`REFORM_DATE`) from the old tree to the new one.

    ``branches_by_old_commune`` maps an old commune code (``XC-…``; or an island district
    ``H-…``) to the codes of the units directly under it now. Whole communes are merged into
    their new commune; a split commune first moves a share of its branches to each non-default
    new commune (:func:`allocate_branches`), then merges into its default one. Then every
    remaining district and every old province closes. With ``include_creates`` the new provinces
    and communes are created first (for a database loaded without ``tochuc init``).
    """
    branches_by_old_commune = branches_by_old_commune or {}
    mapping = commune_mapping()
    unknown = set(branches_by_old_commune) - set(mapping)
    if unknown:
        raise ValueError(f"unknown old commune codes: {sorted(unknown)[:10]}")
    lines: list[dict[str, str]] = []
    if include_creates:
        for r in new_structure_rows():
            lines.append(_line("create", r["code"], name=r["name"], kind=r["kind"], parent=r["parent_code"]))
    for code, old in mapping.items():
        if old.is_split:
            shares = allocate_branches(list(branches_by_old_commune.get(code, ())), old.parts)
            for part in old.parts:
                if part.is_default:
                    continue
                for branch in shares[part.code]:
                    lines.append(_line("move", branch, part.code))
        lines.append(_line("merge", code, old.default))
    merged = set(mapping)
    old = old_structure_rows()
    for r in old:
        if r["kind"] == rules.DISTRICT and r["code"] not in merged:
            lines.append(_line("close", r["code"]))
    for r in old:
        if r["kind"] == rules.PROVINCE:
            lines.append(_line("close", r["code"]))
    return lines


def _csv(rows: Iterable[Mapping[str, str]], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv_dict_writer(out, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def plan_csv(rows: Iterable[Mapping[str, str]]) -> str:
    """Plan lines as CSV text (header ``op,code,target,name,kind,parent``)."""
    return _csv(rows, PLAN_COLUMNS)


def units_csv(rows: Iterable[Mapping[str, str]]) -> str:
    """Unit rows as CSV text in the import format (``code,name,kind,parent_code,valid_from,admin_code``)."""
    return _csv(rows, UNIT_COLUMNS)
