"""Checking a member file before anything is written (DESIGN.md invariant 6).

Header ``full_name,birth_date,gender,branch_code,admitted_on,official_on,card_number,national_id,
ethnicity``; the last four are optional. Dates ``YYYY-MM-DD`` or ``DD/MM/YYYY``; ``gender`` is
``nam`` or ``nữ``; ``official_on`` is empty for probationary members. Validation is written for
speed (a million rows): cells by index, no per-row dictionaries.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from tochuc.core.tabular import RowError, Table, check_header, parse_date
from tochuc.domain.members import citizen_id as cid_rules
from tochuc.domain.members import dates as date_rules
from tochuc.domain.members.reference import ethnic_code
from tochuc.domain.text import fold

REQUIRED = ("full_name", "birth_date", "gender", "branch_code", "admitted_on")
OPTIONAL = ("official_on", "card_number", "national_id", "ethnicity")
GENDERS = {"nam": "nam", "nữ": "nu", "nu": "nu"}
NAME_MAX = 120
MIN_ADMISSION_AGE_YEARS = 18  # Điều lệ Đảng, Điều 1: from full 18 years of age


@dataclass(frozen=True)
class Branch:
    unit_id: int
    valid_from: date


@dataclass(frozen=True)
class MemberRow:
    row: int
    full_name: str
    birth_date: date
    sex: str
    unit_id: int
    admitted_on: date
    official_on: date | None
    card_number: str | None
    national_id: str | None
    ethnicity: str
    joined_branch_on: date


@dataclass(slots=True)
class _Row:
    """One line being checked: its cells and the values read so far (later checks use earlier ones)."""

    line: int
    cells: Sequence[str]
    name: str = ""
    birth: date | None = None
    admitted: date | None = None
    official: date | None = None
    sex: str | None = None
    branch_code: str = ""
    branch: Branch | None = None
    card: str = ""
    nid: str = ""
    ethnicity: str = ""


class _Context:
    """What every row is checked against: the file's columns, the registry, and what earlier rows
    of the file hold (for the duplicates within the file)."""

    def __init__(self, table: Table, *, branches: Mapping[str, Branch], taken_national_ids: set[str],
                 taken_cards: set[str], today: date, taken_people: set[tuple[int, str, date]],
                 allow_duplicates: bool):
        col = {name: table.column(name) for name in (*REQUIRED, *OPTIONAL)}
        self.i_name, self.i_birth, self.i_gender, self.i_branch, self.i_admitted = (col[c] for c in REQUIRED)
        self.i_official, self.i_card, self.i_nid, self.i_eth = (col[c] for c in OPTIONAL)
        self.branches, self.today = branches, today
        self.taken_national_ids, self.taken_cards, self.taken_people = taken_national_ids, taken_cards, taken_people
        self.allow_duplicates = allow_duplicates
        self.seen_nid: dict[str, int] = {}
        self.seen_card: dict[str, int] = {}
        self.seen_people: dict[tuple[int, str, date], int] = {}
        self.dates: dict[str, date] = {}  # the same few thousand dates recur a million times
        self.plus_months = functools.lru_cache(maxsize=65536)(date_rules.add_months)

    def to_date(self, text: str) -> date:
        found = self.dates.get(text)
        if found is None:
            found = self.dates[text] = parse_date(text)
        return found


_OK: tuple[RowError, ...] = ()  # no problem (shared: a million rows mostly have none)


def _optional_cell(row: _Row, index: int | None) -> str:
    return row.cells[index].strip() if index is not None else ""


# --- One function per column: the row's problems, each naming its column -------------------------
# They run in the order of _CHECKS (the order the problems are listed in); a check may use what an
# earlier one read into the row (the age at admission needs the birth date).


def _full_name(ctx: _Context, row: _Row) -> Sequence[RowError]:
    row.name = name = " ".join(row.cells[ctx.i_name].split())
    if not name:
        return [RowError(row.line, "full_name", _("thiếu họ và tên"))]
    if len(name) > NAME_MAX:
        return [RowError(row.line, "full_name", _("họ và tên dài quá %(max)s ký tự") % {"max": NAME_MAX})]
    return _OK


def _read_date(ctx: _Context, row: _Row, column: str, index: int | None,
               required: bool) -> tuple[date | None, Sequence[RowError]]:
    text = _optional_cell(row, index)
    if not text:
        return None, [RowError(row.line, column, _("thiếu ngày"))] if required else _OK
    try:
        return ctx.to_date(text), _OK
    except (ValueError, TypeError):
        return None, [RowError(row.line, column, _("ngày «%(value)s» không hợp lệ (dùng YYYY-MM-DD hoặc DD/MM/YYYY)")
                               % {"value": text})]


def _birth_date_cell(ctx: _Context, row: _Row) -> Sequence[RowError]:
    row.birth, problems = _read_date(ctx, row, "birth_date", ctx.i_birth, True)
    return problems


def _admitted_on_cell(ctx: _Context, row: _Row) -> Sequence[RowError]:
    row.admitted, problems = _read_date(ctx, row, "admitted_on", ctx.i_admitted, True)
    return problems


def _official_on_cell(ctx: _Context, row: _Row) -> Sequence[RowError]:
    row.official, problems = _read_date(ctx, row, "official_on", ctx.i_official, False)
    return problems


def _gender(ctx: _Context, row: _Row) -> Sequence[RowError]:
    text = row.cells[ctx.i_gender].strip()
    row.sex = GENDERS.get(text.casefold())
    if row.sex is None:
        return [RowError(row.line, "gender", _("giới tính «%(value)s» không hợp lệ (dùng «nam» hoặc «nữ»)")
                         % {"value": text})]
    return _OK


def _branch_code(ctx: _Context, row: _Row) -> Sequence[RowError]:
    row.branch_code = code = row.cells[ctx.i_branch].strip()
    row.branch = ctx.branches.get(code)
    if row.branch is None:
        return [RowError(row.line, "branch_code", _("không có chi bộ «%(code)s» trong phạm vi (mã phải là một chi bộ "
                                                    "đang hoạt động)") % {"code": code})]
    return _OK


def _birth_date(ctx: _Context, row: _Row) -> Sequence[RowError]:
    if row.birth and row.birth > ctx.today:
        return [RowError(row.line, "birth_date", _("ngày sinh ở tương lai"))]
    return _OK


def _admitted_on(ctx: _Context, row: _Row) -> Sequence[RowError]:
    admitted, birth = row.admitted, row.birth
    if not admitted:
        return _OK
    out = []
    if admitted > ctx.today:
        out.append(RowError(row.line, "admitted_on", _("ngày vào Đảng ở tương lai")))
    if birth and ctx.plus_months(birth, 12 * MIN_ADMISSION_AGE_YEARS) > admitted:
        out.append(RowError(row.line, "admitted_on", _("chưa đủ 18 tuổi khi vào Đảng (Điều lệ Đảng, Điều 1)")))
    return out


def _official_on(ctx: _Context, row: _Row) -> Sequence[RowError]:
    official, admitted = row.official, row.admitted
    if not official:
        return _OK
    out = []
    if admitted and official < ctx.plus_months(admitted, 12):
        out.append(RowError(row.line, "official_on",
                            _("ngày chính thức phải sau ít nhất 12 tháng dự bị (Điều lệ Đảng, Điều 5)")))
    if official > ctx.today:
        out.append(RowError(row.line, "official_on", _("ngày chính thức ở tương lai")))
    return out


def _card_well_formed(card: str) -> bool:
    return card.isalnum() and len(card) <= 16


def _card_number(ctx: _Context, row: _Row) -> Sequence[RowError]:
    row.card = card = _optional_cell(row, ctx.i_card)
    if card and not _card_well_formed(card):
        return [RowError(row.line, "card_number", _("số thẻ «%(value)s» không hợp lệ") % {"value": card})]
    return _OK


def _card_official_only(ctx: _Context, row: _Row) -> Sequence[RowError]:
    if row.card and row.official is None:
        return [RowError(row.line, "card_number", _("thẻ đảng viên chỉ cấp cho đảng viên chính thức"))]
    return _OK


def _national_id(ctx: _Context, row: _Row) -> Sequence[RowError]:
    row.nid = nid = _optional_cell(row, ctx.i_nid)
    if not nid:
        return _OK
    problems = (cid_rules.validate_citizen_id(nid, row.birth, row.sex) if row.birth and row.sex
                else cid_rules.validate_citizen_id(nid, None, None))
    return [RowError(row.line, "national_id", problem.message) for problem in problems]


def _ethnicity(ctx: _Context, row: _Row) -> Sequence[RowError]:
    text = _optional_cell(row, ctx.i_eth)
    if not text:
        return _OK
    # The domain's lookup: code, official name or a known other name ("Mèo", "Khmer").
    row.ethnicity = ethnic_code(text) or ethnic_code(fold(text).removeprefix("dan toc ")) or ""
    if not row.ethnicity:
        return [RowError(row.line, "ethnicity", _("dân tộc «%(value)s» không có trong danh mục 54 dân tộc")
                         % {"value": text})]
    return _OK


# --- Cross-row checks: the same card, citizen ID or person earlier in the file or in the registry --


def _card_duplicates(ctx: _Context, row: _Row) -> Sequence[RowError]:
    card = row.card
    if not card or not _card_well_formed(card):
        return _OK
    if card in ctx.seen_card:
        return [RowError(row.line, "card_number", _("số thẻ %(value)s trùng với dòng %(other)s")
                         % {"value": card, "other": ctx.seen_card[card]})]
    if card in ctx.taken_cards:
        return [RowError(row.line, "card_number", _("số thẻ %(value)s đã có trong hệ thống") % {"value": card})]
    ctx.seen_card[card] = row.line
    return _OK


def _national_id_duplicates(ctx: _Context, row: _Row) -> Sequence[RowError]:
    nid = row.nid
    if not nid:
        return _OK
    if nid in ctx.seen_nid:
        return [RowError(row.line, "national_id", _("số CCCD %(value)s trùng với dòng %(other)s")
                         % {"value": nid, "other": ctx.seen_nid[nid]})]
    if nid in ctx.taken_national_ids:
        return [RowError(row.line, "national_id", _("số CCCD %(value)s đã có trong hệ thống") % {"value": nid})]
    ctx.seen_nid[nid] = row.line
    return _OK


def _person_duplicates(ctx: _Context, row: _Row) -> Sequence[RowError]:
    """The same name and birth date in the same branch (see :func:`validate`)."""
    name, birth, branch = row.name, row.birth, row.branch
    if ctx.allow_duplicates or not (name and birth and branch is not None):
        return _OK
    person = (branch.unit_id, fold(name), birth)
    if person in ctx.seen_people:
        return [RowError(row.line, "full_name", _("«%(name)s», sinh %(birth)s, trùng với dòng %(other)s cùng chi bộ "
                                                  "(nếu đúng là hai người, chọn «cho phép trùng»)")
                         % {"name": name, "birth": birth.strftime("%d/%m/%Y"), "other": ctx.seen_people[person]})]
    if person in ctx.taken_people:
        return [RowError(row.line, "full_name", _("«%(name)s», sinh %(birth)s, đã có trong chi bộ %(code)s "
                                                  "(nhập lại? nếu đúng là người khác, chọn «cho phép trùng»)")
                         % {"name": name, "birth": birth.strftime("%d/%m/%Y"), "code": row.branch_code})]
    ctx.seen_people[person] = row.line
    return _OK


#: Every check of a row, in the order its problems are listed.
_CHECKS: tuple[Callable[[_Context, _Row], Sequence[RowError]], ...] = (
    _full_name, _birth_date_cell, _admitted_on_cell, _official_on_cell, _gender, _branch_code,
    _birth_date, _admitted_on, _official_on,
    _card_number, _card_duplicates, _card_official_only,
    _national_id, _national_id_duplicates,
    _ethnicity, _person_duplicates,
)


def _member_row(row: _Row) -> MemberRow:
    """The member of a row every check passed (so every required value is there)."""
    assert row.birth and row.sex and row.branch is not None and row.admitted
    return MemberRow(
        row=row.line, full_name=row.name, birth_date=row.birth, sex=row.sex, unit_id=row.branch.unit_id,
        admitted_on=row.admitted, official_on=row.official, card_number=row.card or None,
        national_id=row.nid or None, ethnicity=row.ethnicity,
        joined_branch_on=max(row.admitted, row.branch.valid_from),
    )


def validate(
    table: Table,
    *,
    branches: Mapping[str, Branch],
    taken_national_ids: set[str],
    taken_cards: set[str],
    today: date,
    taken_people: set[tuple[int, str, date]] | None = None,
    allow_duplicates: bool = False,
) -> tuple[list[MemberRow], list[RowError], set[int]]:
    """Every row checked: the good rows, every problem, and the numbers of the bad rows.

    ``taken_people`` holds (branch unit id, folded name, birth date) of the members already in the
    branches: a file re-imported without citizen IDs or card numbers would otherwise create every
    member a second time. The same key twice in the file is refused too, unless ``allow_duplicates``
    (two real people of one name and birth date in one branch do exist, rarely)."""
    errors = check_header(table.header, REQUIRED, OPTIONAL)
    if errors:
        return [], errors, {line for line, _cells in table.rows}
    ctx = _Context(table, branches=branches, taken_national_ids=taken_national_ids, taken_cards=taken_cards,
                   today=today, taken_people=taken_people or set(), allow_duplicates=allow_duplicates)
    width = len(table.header)
    good: list[MemberRow] = []
    bad_rows: set[int] = set()
    for line, cells in table.rows:
        if len(cells) != width:
            errors.append(RowError(line, "-",
                                   _("số cột (%(n)s) khác dòng tiêu đề (%(w)s)") % {"n": len(cells), "w": width}))
            bad_rows.add(line)
            continue
        row = _Row(line, cells)
        problems = [problem for check in _CHECKS for problem in check(ctx, row)]
        if problems:
            errors.extend(problems)
            bad_rows.add(line)
            continue
        good.append(_member_row(row))
    return good, errors, bad_rows
