"""The real organization system after the 2025 reform, built from public data.

Provinces and communes come from the PyPI package ``vietnam-provinces`` (34 provinces, 3,321
commune-level units since 1/7/2025, Quy định 294-QĐ/TW); their party committees carry the
administrative codes. Only the handful of central-level committees, which no package lists,
are written here.
"""

from __future__ import annotations

import io
from datetime import date

from vietnam_provinces import Province, Ward

from tochuc.core.tabular import csv_dict_writer
from tochuc.domain import orgs as rules

ROOT_CODE = "TW"
REFORM_DATE = date(2025, 7, 1)

#: (code, name, valid_from). The four committees formed in February 2025 carry that date; the
#: military and public-security committees are recorded from the reform on (earlier history is
#: not loaded).
CENTRAL_COMMITTEES = (
    ("DBCQD", "Đảng bộ các cơ quan Đảng Trung ương", date(2025, 2, 1)),
    ("DBCP", "Đảng bộ Chính phủ", date(2025, 2, 1)),
    ("DBQH", "Đảng bộ Quốc hội", date(2025, 2, 1)),
    ("DBMTTQ", "Đảng bộ Mặt trận Tổ quốc, các đoàn thể Trung ương", date(2025, 2, 1)),
    ("QUTW", "Đảng bộ Quân đội (Quân ủy Trung ương)", REFORM_DATE),
    ("DUCA", "Đảng bộ Công an Trung ương", REFORM_DATE),
)
FOUNDED = date(1930, 2, 3)


def province_code(admin_code: int) -> str:
    return f"T{admin_code:02d}"


def commune_code(admin_code: int) -> str:
    return f"X{admin_code:05d}"


def _committee_name(admin_name: str) -> str:
    """"Tỉnh Cao Bằng" → "Đảng bộ tỉnh Cao Bằng" (the unit-type word is lower case mid-name)."""
    return "Đảng bộ " + admin_name[:1].lower() + admin_name[1:]


def real_tree_rows() -> list[dict[str, str]]:
    """Rows in the import format, parents first."""
    rows = [{"code": ROOT_CODE, "name": "Ban Chấp hành Trung ương Đảng", "kind": rules.CENTRAL,
             "parent_code": "", "valid_from": FOUNDED.isoformat(), "admin_code": ""}]
    for code, name, since in CENTRAL_COMMITTEES:
        rows.append({"code": code, "name": name, "kind": rules.CENTRAL_COMMITTEE, "parent_code": ROOT_CODE,
                     "valid_from": since.isoformat(), "admin_code": ""})
    for province in sorted(Province.iter_all(), key=lambda p: p.code.value):
        rows.append({"code": province_code(province.code.value), "name": _committee_name(province.name),
                     "kind": rules.PROVINCE, "parent_code": ROOT_CODE, "valid_from": REFORM_DATE.isoformat(),
                     "admin_code": f"{province.code.value:02d}"})
    for ward in sorted(Ward.iter_all(), key=lambda w: w.code.value):
        rows.append({"code": commune_code(ward.code.value), "name": _committee_name(ward.name),
                     "kind": rules.COMMUNE, "parent_code": province_code(ward.province_code.value),
                     "valid_from": REFORM_DATE.isoformat(), "admin_code": f"{ward.code.value:05d}"})
    return rows


def rows_to_csv(rows: list[dict[str, str]]) -> io.StringIO:
    out = io.StringIO()
    writer = csv_dict_writer(out, ["code", "name", "kind", "parent_code", "valid_from", "admin_code"])
    writer.writeheader()
    writer.writerows(rows)
    out.seek(0)
    return out
