"""Checking a member file before anything is written (DESIGN.md invariant 6).

Header ``full_name,birth_date,gender,branch_code,admitted_on,official_on,card_number,national_id,
ethnicity``; the last four are optional. Dates ``YYYY-MM-DD`` or ``DD/MM/YYYY``; ``gender`` is
``nam`` or ``nữ``; ``official_on`` is empty for probationary members. Validation is written for
speed (a million rows): cells by index, no per-row dictionaries.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
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
    col = {name: table.column(name) for name in (*REQUIRED, *OPTIONAL)}
    i_name, i_birth, i_gender, i_branch, i_admitted = (col[c] for c in REQUIRED)
    i_official, i_card, i_nid, i_eth = (col[c] for c in OPTIONAL)
    width = len(table.header)
    seen_nid: dict[str, int] = {}
    seen_card: dict[str, int] = {}
    seen_people: dict[tuple[int, str, date], int] = {}
    taken_people = taken_people or set()
    good: list[MemberRow] = []
    bad_rows: set[int] = set()
    dates: dict[str, date] = {}  # the same few thousand dates recur a million times

    plus_months = functools.lru_cache(maxsize=65536)(date_rules.add_months)

    def to_date(text: str) -> date:
        found = dates.get(text)
        if found is None:
            found = dates[text] = parse_date(text)
        return found

    for line, cells in table.rows:
        problems: list[RowError] = []
        add = problems.append
        if len(cells) != width:
            errors.append(RowError(line, "-", _("số cột (%(n)s) khác dòng tiêu đề (%(w)s)") % {"n": len(cells), "w": width}))
            bad_rows.add(line)
            continue
        name = " ".join(cells[i_name].split())
        if not name:
            add(RowError(line, "full_name", _("thiếu họ và tên")))
        elif len(name) > NAME_MAX:
            add(RowError(line, "full_name", _("họ và tên dài quá %(max)s ký tự") % {"max": NAME_MAX}))

        parsed: dict[str, date | None] = {}
        for column, index, required in (("birth_date", i_birth, True), ("admitted_on", i_admitted, True),
                                         ("official_on", i_official, False)):
            text = cells[index].strip() if index is not None else ""
            if not text:
                parsed[column] = None
                if required:
                    add(RowError(line, column, _("thiếu ngày")))
                continue
            try:
                parsed[column] = to_date(text)
            except (ValueError, TypeError):
                parsed[column] = None
                add(RowError(line, column, _("ngày «%(value)s» không hợp lệ (dùng YYYY-MM-DD hoặc DD/MM/YYYY)") % {"value": text}))
        birth, admitted, official = parsed["birth_date"], parsed["admitted_on"], parsed["official_on"]

        sex = GENDERS.get(cells[i_gender].strip().casefold())
        if sex is None:
            add(RowError(line, "gender", _("giới tính «%(value)s» không hợp lệ (dùng «nam» hoặc «nữ»)") % {"value": cells[i_gender].strip()}))

        branch_code = cells[i_branch].strip()
        branch = branches.get(branch_code)
        if branch is None:
            add(RowError(line, "branch_code", _("không có chi bộ «%(code)s» trong phạm vi (mã phải là một chi bộ đang hoạt động)") % {"code": branch_code}))

        if birth and birth > today:
            add(RowError(line, "birth_date", _("ngày sinh ở tương lai")))
        if admitted:
            if admitted > today:
                add(RowError(line, "admitted_on", _("ngày vào Đảng ở tương lai")))
            if birth and plus_months(birth, 12 * MIN_ADMISSION_AGE_YEARS) > admitted:
                add(RowError(line, "admitted_on", _("chưa đủ 18 tuổi khi vào Đảng (Điều lệ Đảng, Điều 1)")))
        if official and admitted and official < plus_months(admitted, 12):
            add(RowError(line, "official_on", _("ngày chính thức phải sau ít nhất 12 tháng dự bị (Điều lệ Đảng, Điều 5)")))
        if official and official > today:
            add(RowError(line, "official_on", _("ngày chính thức ở tương lai")))

        card = cells[i_card].strip() if i_card is not None else ""
        if card:
            if not card.isalnum() or len(card) > 16:
                add(RowError(line, "card_number", _("số thẻ «%(value)s» không hợp lệ") % {"value": card}))
            elif card in seen_card:
                add(RowError(line, "card_number", _("số thẻ %(value)s trùng với dòng %(other)s") % {"value": card, "other": seen_card[card]}))
            elif card in taken_cards:
                add(RowError(line, "card_number", _("số thẻ %(value)s đã có trong hệ thống") % {"value": card}))
            else:
                seen_card[card] = line
            if official is None:
                add(RowError(line, "card_number", _("thẻ đảng viên chỉ cấp cho đảng viên chính thức")))

        nid = cells[i_nid].strip() if i_nid is not None else ""
        if nid:
            for problem in cid_rules.validate_citizen_id(nid, birth, sex) if birth and sex else cid_rules.validate_citizen_id(nid, None, None):
                add(RowError(line, "national_id", problem.message))
            if nid in seen_nid:
                add(RowError(line, "national_id", _("số CCCD %(value)s trùng với dòng %(other)s") % {"value": nid, "other": seen_nid[nid]}))
            elif nid in taken_national_ids:
                add(RowError(line, "national_id", _("số CCCD %(value)s đã có trong hệ thống") % {"value": nid}))
            else:
                seen_nid[nid] = line

        ethnicity = ""
        if i_eth is not None and cells[i_eth].strip():
            text = cells[i_eth].strip()
            # The domain's lookup: code, official name or a known other name ("Mèo", "Khmer").
            ethnicity = ethnic_code(text) or ethnic_code(fold(text).removeprefix("dan toc ")) or ""
            if not ethnicity:
                add(RowError(line, "ethnicity", _("dân tộc «%(value)s» không có trong danh mục 54 dân tộc") % {"value": text}))

        if not allow_duplicates and name and birth and branch is not None:
            person = (branch.unit_id, fold(name), birth)
            if person in seen_people:
                add(RowError(line, "full_name", _("«%(name)s», sinh %(birth)s, trùng với dòng %(other)s cùng chi bộ "
                                                  "(nếu đúng là hai người, chọn «cho phép trùng»)")
                             % {"name": name, "birth": birth.strftime("%d/%m/%Y"), "other": seen_people[person]}))
            elif person in taken_people:
                add(RowError(line, "full_name", _("«%(name)s», sinh %(birth)s, đã có trong chi bộ %(code)s "
                                                  "(nhập lại? nếu đúng là người khác, chọn «cho phép trùng»)")
                             % {"name": name, "birth": birth.strftime("%d/%m/%Y"), "code": branch_code}))
            else:
                seen_people[person] = line

        if problems:
            errors.extend(problems)
            bad_rows.add(line)
            continue
        good.append(MemberRow(
            row=line, full_name=name, birth_date=birth, sex=sex, unit_id=branch.unit_id, admitted_on=admitted,
            official_on=official, card_number=card or None, national_id=nid or None, ethnicity=ethnicity,
            joined_branch_on=max(admitted, branch.valid_from),
        ))
    return good, errors, bad_rows

