"""Table definitions (the standard tables and the children table) and counted tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tochuc.domain import reports as rules
from tochuc.domain.members.rating import RATING_LEVELS
from tochuc.orgs.models import UnitKind
from tochuc.reports.engine.context import TOTAL, Category, Context
from tochuc.reports.engine.dimensions import (
    AGE,
    EDUCATION,
    ETHNICITY,
    RELIGION,
    SEX,
    STATUS,
    THEORY,
    YEARS,
    Dimension,
)
from tochuc.reports.engine.sources import MOVEMENTS


@dataclass(frozen=True)
class TableDef:
    key: str
    title: str
    source: str  # members, movements, ratings, units, children
    rows: Dimension | None = None
    columns: Dimension | None = None
    chart: str = "bars"  # bars | stacked | none
    compact: bool = False  # pages show only non-empty rows (exports print every row of the form)

    @property
    def drillable(self) -> bool:
        return self.source in ("members", "movements", "ratings", "badges", "children")


TABLES: tuple[TableDef, ...] = (
    TableDef("status", "Đảng viên theo tình trạng và giới tính", "members", STATUS, SEX, chart="stacked"),
    TableDef("sex_age", "Đảng viên theo giới tính và độ tuổi", "members", AGE, SEX, chart="stacked"),
    TableDef("years", "Đảng viên theo tuổi đảng (mốc Huy hiệu Đảng)", "members", YEARS, SEX, chart="stacked"),
    TableDef("ethnicity", "Đảng viên theo dân tộc", "members", ETHNICITY, SEX, chart="bars", compact=True),
    TableDef("religion", "Đảng viên theo tôn giáo", "members", RELIGION, SEX, chart="none"),
    TableDef("education", "Đảng viên theo trình độ học vấn", "members", EDUCATION, SEX, chart="bars"),
    TableDef("theory", "Đảng viên theo trình độ lý luận chính trị", "members", THEORY, SEX, chart="bars"),
    TableDef("movements", "Biến động đảng viên trong kỳ", "movements", None, SEX, chart="bars"),
    TableDef("ratings", "Kết quả xếp loại chất lượng đảng viên", "ratings", None, SEX, chart="bars"),
    TableDef("badges", "Huy hiệu Đảng đã trao trong kỳ", "badges", None, SEX, chart="bars"),
    TableDef("units", "Tổ chức đảng theo loại", "units", None, None, chart="bars"),
)
TABLE_BY_KEY = {t.key: t for t in TABLES}
CHILDREN = TableDef("children", "Đảng viên theo đơn vị trực thuộc", "children", None, STATUS, chart="bars")


@dataclass
class Table:
    definition: TableDef
    rows: list[Category]
    columns: list[Category]
    cells: dict[tuple[str, str], int]
    note: str = ""

    @property
    def key(self) -> str:
        return self.definition.key

    @property
    def title(self) -> str:
        return self.definition.title

    def cell(self, row: str, column: str) -> int:
        return self.cells.get((row, column), 0)

    def row_total(self, row: str) -> int:
        return sum(self.cell(row, c.key) for c in self.columns)

    def column_total(self, column: str) -> int:
        return sum(self.cell(r.key, column) for r in self.rows)

    @property
    def total(self) -> int:
        return sum(self.cells.values())

    @property
    def footer(self) -> list[tuple[str, int]]:
        return [(c.key, self.column_total(c.key)) for c in self.columns]

    @property
    def has_total_column(self) -> bool:
        return len(self.columns) > 1

    def grid(self) -> list[dict]:
        """Rows for templates and exports: label, cells in column order, the row total."""
        return [{"key": r.key, "label": r.label, "cells": [(c.key, self.cell(r.key, c.key)) for c in self.columns],
                 "total": self.row_total(r.key)} for r in self.rows]

    def as_json(self) -> dict:
        return {"key": self.key, "title": self.title,
                "columns": [{"key": c.key, "label": c.label} for c in self.columns],
                "rows": [{"key": r["key"], "label": r["label"], "values": dict(r["cells"]), "total": r["total"]}
                         for r in self.grid()],
                "total": self.total}


@dataclass(frozen=True)
class Period:
    start: date
    end: date


def default_period(day: date) -> Period:
    return Period(date(day.year, 1, 1), day)


def _one_column() -> list[Category]:
    return [Category(TOTAL, "Số lượng")]



def _period_note(period: Period) -> str:
    return f"Từ {period.start:%d/%m/%Y} đến {period.end:%d/%m/%Y}"


def table_from_cells(definition: TableDef, ctx: Context, cells: dict[tuple[str, str], int], *,
                     period: Period | None = None, year: int | None = None) -> Table:
    """The table of counted ``cells`` ((row, column) → n): its rows in the form's order (found
    categories the form does not list after them), columns and note."""
    columns = definition.columns.ordered(set()) if definition.columns else _one_column()
    found = {r for r, _ in cells}
    if definition.source == "members":
        return Table(definition, definition.rows.ordered(found), columns, cells)
    if definition.source == "movements":
        rows = [Category(m.key, m.label) for m in MOVEMENTS]
        return Table(definition, rows, columns, cells, _period_note(period or default_period(ctx.day)))
    if definition.source == "ratings":
        known = [Category(k, v) for k, v in RATING_LEVELS.items()]
        rows = known + [Category(k, k or "Chưa ghi") for k in sorted(found - set(RATING_LEVELS))]
        return Table(definition, rows, columns, cells, f"Năm {year or rules.default_rating_year(ctx.day)}")
    if definition.source == "badges":
        known = [Category(str(y), f"Huy hiệu {y} năm tuổi Đảng") for y in rules.BADGE_YEARS]
        rows = known + [Category(k, k or "Chưa ghi") for k in sorted(found - {c.key for c in known})]
        return Table(definition, rows, columns, cells, _period_note(period or default_period(ctx.day)))
    if definition.source == "units":
        rows = [Category(k.value, str(k.label)) for k in UnitKind if (k.value, TOTAL) in cells]
        return Table(definition, rows, columns, cells)
    raise ValueError(definition.source)


def table_def(key: str) -> TableDef:
    if key == CHILDREN.key:
        return CHILDREN
    return TABLE_BY_KEY[key]
