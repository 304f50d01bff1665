"""The "more than half" base of a congress: who counts when deciding who is elected.

Source: Quy chế bầu cử trong Đảng, Quyết định 190-QĐ/TW (10/10/2024), keeping the rule of
244-QĐ/TW (2014) Điều 32 khoản 2–3; DOMAIN.md §4 (confidence H for members' congresses, the
"similar absences" of a delegates' congress are M).

- Members' congress (đại hội đảng viên): official members of the party organization summoned,
  minus members introduced for temporary party activity elsewhere, members exempted from party
  work and activities who are not at the congress (those who come and vote still count),
  members suspended from party activity, prosecuted, indicted or detained, and official members
  absent for the whole congress with a reason the convening committee approved.
- Delegates' congress (đại hội đại biểu): official delegates summoned, minus members of the
  convening committee (ex-officio delegates) absent for the whole congress, and official delegates
  absent for the whole congress, or whose credentials are not recognized, with no substitute
  delegate taking their seat.

Anyone else counts, including members absent without an approved reason: the base is what keeps
a congress with many absentees from electing people on a thin turnout.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from tochuc.domain.elections._util import check_int, name_key
from tochuc.domain.elections.errors import ElectionInputError, Problems
from tochuc.domain.messages import msg

# Exclusion reasons, in the order a person with several is filed under the first: legal status
# before attendance, so the breakdown in the minutes never counts one person twice.
TEMPORARILY_TRANSFERRED = "temporarily_transferred"
SUSPENDED = "suspended"
PROSECUTED_OR_DETAINED = "prosecuted_or_detained"
EXEMPTED_ABSENT = "exempted_absent"
ABSENT_APPROVED = "absent_approved"
MEMBER_REASONS: tuple[str, ...] = (
    TEMPORARILY_TRANSFERRED,
    SUSPENDED,
    PROSECUTED_OR_DETAINED,
    EXEMPTED_ABSENT,
    ABSENT_APPROVED,
)

EX_OFFICIO_ABSENT = "ex_officio_absent"
DISQUALIFIED_NOT_REPLACED = "disqualified_not_replaced"
ABSENT_NOT_REPLACED = "absent_not_replaced"
DELEGATE_REASONS: tuple[str, ...] = (
    EX_OFFICIO_ABSENT,
    DISQUALIFIED_NOT_REPLACED,
    ABSENT_NOT_REPLACED,
)

#: Vietnamese labels of the reasons, for the minutes and the screens.
REASON_LABELS: Mapping[str, str] = MappingProxyType(
    {
        TEMPORARILY_TRANSFERRED: "Đã giới thiệu sinh hoạt tạm thời ở đảng bộ khác",
        SUSPENDED: "Bị đình chỉ sinh hoạt đảng",
        PROSECUTED_OR_DETAINED: "Bị khởi tố, truy tố, tạm giam",
        EXEMPTED_ABSENT: "Được miễn công tác và sinh hoạt đảng, không có mặt ở đại hội",
        ABSENT_APPROVED: "Vắng mặt suốt thời gian đại hội có lý do, được cấp ủy triệu tập đồng ý",
        EX_OFFICIO_ABSENT: "Cấp ủy viên cấp triệu tập đại hội vắng mặt suốt thời gian đại hội",
        DISQUALIFIED_NOT_REPLACED: "Không được công nhận tư cách đại biểu, "
        "không có đại biểu dự khuyết thay thế",
        ABSENT_NOT_REPLACED: "Đại biểu chính thức vắng mặt suốt thời gian đại hội, "
        "không có đại biểu dự khuyết thay thế",
    }
)


@dataclass(frozen=True)
class MemberRecord:
    """An official member summoned to a members' congress, with what may exclude them.

    ``present`` means at the congress at some point (only absence for the *whole* congress
    excludes); ``absence_approved`` means absent for the whole congress with a reason the
    convening committee approved, so it cannot go with ``present``.
    """

    member_id: str
    temporarily_transferred: bool = False  # giới thiệu sinh hoạt tạm thời ở đảng bộ khác
    exempted: bool = False  # miễn công tác và sinh hoạt đảng
    present: bool = True
    absence_approved: bool = False
    suspended: bool = False  # đình chỉ sinh hoạt đảng
    prosecuted_or_detained: bool = False  # bị khởi tố, truy tố, tạm giam


@dataclass(frozen=True)
class DelegateRecord:
    """An official delegate summoned to a delegates' congress, with what may exclude them.

    ``ex_officio``: a member of the convening committee (đại biểu đương nhiên); they have no
    substitute. ``disqualified``: credentials not recognized by the credentials committee (e.g.
    suspended, prosecuted, detained). ``replaced_by_substitute``: a substitute delegate took the
    seat of a delegate absent for the whole congress or disqualified, so the seat still counts.
    """

    delegate_id: str
    ex_officio: bool = False
    present: bool = True
    disqualified: bool = False
    replaced_by_substitute: bool = False


@dataclass(frozen=True)
class CongressBase:
    """The base and how it was reached: ``base = summoned - sum of excluded``.

    ``excluded`` maps every reason of the congress kind (in legal order, empty ones included)
    to the ids excluded for it, in input order.
    """

    summoned: int
    excluded: Mapping[str, tuple[str, ...]]
    base: int

    @property
    def counts(self) -> dict[str, int]:
        """Number excluded per reason."""
        return {reason: len(ids) for reason, ids in self.excluded.items()}

    def breakdown(self) -> list[tuple[str, int]]:
        """(Vietnamese label, number) lines for the minutes, the non-empty reasons only."""
        return [(REASON_LABELS[r], len(ids)) for r, ids in self.excluded.items() if ids]


def members_congress_base(summoned: int, exclusions: Iterable[MemberRecord]) -> CongressBase:
    """The base of a members' congress (đại hội đảng viên) (244-QĐ/TW Điều 32 khoản 2).

    ``summoned`` is the number of official members summoned; ``exclusions`` are the records of
    those of them who may be excluded (anyone not listed counts). An exempted member who is
    present counts: the regulation keeps in the base those who come and vote.
    """
    return _base(summoned, exclusions, MemberRecord, MEMBER_REASONS, _member_reason, _member_check)


def delegates_congress_base(summoned: int, exclusions: Iterable[DelegateRecord]) -> CongressBase:
    """The base of a delegates' congress (đại hội đại biểu) (244-QĐ/TW Điều 32 khoản 3).

    ``summoned`` is the number of official delegates summoned, ex-officio ones included;
    ``exclusions`` are the records of those who may be excluded (anyone not listed counts).
    """
    return _base(
        summoned, exclusions, DelegateRecord, DELEGATE_REASONS, _delegate_reason, _delegate_check
    )


def _member_reason(record: MemberRecord) -> str | None:
    if record.temporarily_transferred:
        return TEMPORARILY_TRANSFERRED
    if record.suspended:
        return SUSPENDED
    if record.prosecuted_or_detained:
        return PROSECUTED_OR_DETAINED
    if record.exempted and not record.present:
        return EXEMPTED_ABSENT
    if record.absence_approved:
        return ABSENT_APPROVED
    return None  # includes absent *without* an approved reason: they stay in the base


def _member_check(problems: Problems, field: str, record: MemberRecord) -> None:
    if record.present and record.absence_approved:
        problems.add(field, msg("election.present_and_excused"))


def _delegate_reason(record: DelegateRecord) -> str | None:
    if record.ex_officio:
        # No substitute can take an ex-officio seat, so absence or disqualification is final.
        if record.disqualified:
            return DISQUALIFIED_NOT_REPLACED
        return None if record.present else EX_OFFICIO_ABSENT
    if record.replaced_by_substitute:
        return None
    if record.disqualified:
        return DISQUALIFIED_NOT_REPLACED
    return None if record.present else ABSENT_NOT_REPLACED


def _delegate_check(problems: Problems, field: str, record: DelegateRecord) -> None:
    if record.replaced_by_substitute and record.ex_officio:
        problems.add(field, msg("election.ex_officio_alternate"))
    elif record.replaced_by_substitute and record.present and not record.disqualified:
        problems.add(field, msg("election.present_replaced"))


def _base[R: (MemberRecord, DelegateRecord)](
    summoned: int,
    exclusions: Iterable[R],
    kind: type[R],
    reasons: tuple[str, ...],
    reason_of: Callable[[R], str | None],
    check: Callable[[Problems, str, R], None],
) -> CongressBase:
    problems = Problems()
    check_int(problems, "summoned", summoned, minimum=1)
    if isinstance(exclusions, (str, bytes, Mapping)) or not isinstance(exclusions, Iterable):
        raise ElectionInputError("exclusions", msg("election.records_list"))
    records = list(exclusions)
    excluded: dict[str, list[str]] = {r: [] for r in reasons}
    seen: set[str] = set()
    for i, record in enumerate(records):
        field = f"exclusions[{i}]"
        if not isinstance(record, kind):
            problems.add(field, msg("election.record_type", expected=kind.__name__, got=type(record).__name__))
            continue
        person = record.member_id if isinstance(record, MemberRecord) else record.delegate_id
        if not isinstance(person, str) or not name_key(person):
            problems.add(field, msg("election.person_code", person=repr(person)))
            continue
        if name_key(person) in seen:
            problems.add(field, msg("election.person_twice", person=person))
            continue
        seen.add(name_key(person))
        check(problems, field, record)
        why = reason_of(record)
        if why is not None:
            excluded[why].append(person)
    if not problems and len(records) > summoned:
        problems.add(
            "exclusions", msg("election.records_over_summoned", count=len(records), summoned=summoned)
        )
    problems.raise_if_any()
    total = sum(len(ids) for ids in excluded.values())
    return CongressBase(
        summoned=summoned,
        excluded=MappingProxyType({r: tuple(ids) for r, ids in excluded.items()}),
        base=summoned - total,
    )
