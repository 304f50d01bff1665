"""A member's status and the events allowed from each (django-oscar's order pipeline idea: one
table says which event may follow which status and where it leads).

Statuses (the stored values of ``members.models.MemberStatus``):
- ``probationary`` (dự bị) → ``official`` (chính thức) by the official-status decision, or
  ``removed`` when probation is not passed (Điều lệ Đảng, Điều 5);
- ``transfer_pending``: transferred to an organization outside this system and not yet received;
  ``transferred_out`` once received (no longer in our registry, still a party member);
- ``removed`` (xóa tên or khai trừ), ``left`` (ra khỏi Đảng on request), ``died``: final.

Exemption from work and activities is a flag, not a status: an exempted member is still an
official member (counted, keeps membership years, pays dues, can transfer, leave, die or be
removed). As a status it would duplicate every transition of ``official``; as a flag the
exemption events only check the flag (``exempted`` argument of :func:`check_transition`).
"""

from __future__ import annotations

from enum import StrEnum
from types import MappingProxyType

from tochuc.domain.members.problems import MemberRuleError, Problem
from tochuc.domain.messages import msg


class MemberStatus(StrEnum):
    PROBATIONARY = "probationary"
    OFFICIAL = "official"
    TRANSFER_PENDING = "transfer_pending"
    TRANSFERRED_OUT = "transferred_out"
    REMOVED = "removed"
    LEFT = "left"
    DIED = "died"


STATUS_LABELS: dict[str, str] = {
    MemberStatus.PROBATIONARY.value: "Dự bị",
    MemberStatus.OFFICIAL.value: "Chính thức",
    MemberStatus.TRANSFER_PENDING.value: "Đang chuyển sinh hoạt ra ngoài",
    MemberStatus.TRANSFERRED_OUT.value: "Đã chuyển sinh hoạt ra ngoài",
    MemberStatus.REMOVED.value: "Đã xóa tên, khai trừ",
    MemberStatus.LEFT.value: "Ra khỏi Đảng",
    MemberStatus.DIED.value: "Từ trần",
}

ACTIVE = frozenset({MemberStatus.PROBATIONARY, MemberStatus.OFFICIAL})
FINAL = frozenset({MemberStatus.TRANSFERRED_OUT, MemberStatus.REMOVED, MemberStatus.LEFT, MemberStatus.DIED})

_P, _O, _T = MemberStatus.PROBATIONARY, MemberStatus.OFFICIAL, MemberStatus.TRANSFER_PENDING

#: event → (statuses it may follow, status it leads to; None keeps the status).
TRANSITIONS: MappingProxyType[str, tuple[frozenset[str], str | None]] = MappingProxyType({
    "official": (frozenset({_P}), _O),
    "probation_failed": (frozenset({_P}), MemberStatus.REMOVED),
    "transfer": (ACTIVE, None),
    "temporary_transfer": (ACTIVE, None),
    "transfer_out": (ACTIVE, _T),
    "transfer_out_done": (frozenset({_T}), MemberStatus.TRANSFERRED_OUT),
    "exemption": (frozenset({_O}), None),
    "exemption_end": (frozenset({_O}), None),
    "rating": (ACTIVE, None),
    "badge": (frozenset({_O}), None),
    # Huy hiệu Đảng may be awarded posthumously (Hướng dẫn 01-HD/TW, 2021, mục 18).
    "posthumous_badge": (frozenset({MemberStatus.DIED}), None),
    "discipline": (ACTIVE, None),
    "expulsion": (frozenset({_O}), MemberStatus.REMOVED),
    "removal": (ACTIVE, MemberStatus.REMOVED),
    "leave": (ACTIVE, MemberStatus.LEFT),
    "death": (ACTIVE | {_T}, MemberStatus.DIED),
})

EVENT_LABELS: dict[str, str] = {
    "official": "Công nhận đảng viên chính thức",
    "probation_failed": "Không công nhận chính thức (xóa tên)",
    "transfer": "Chuyển sinh hoạt trong hệ thống",
    "temporary_transfer": "Sinh hoạt tạm thời",
    "transfer_out": "Chuyển sinh hoạt ra ngoài",
    "transfer_out_done": "Nơi nhận đã tiếp nhận",
    "exemption": "Miễn công tác và sinh hoạt đảng",
    "exemption_end": "Thôi miễn công tác và sinh hoạt đảng",
    "rating": "Xếp loại chất lượng",
    "badge": "Tặng Huy hiệu Đảng",
    "posthumous_badge": "Truy tặng Huy hiệu Đảng",
    "discipline": "Kỷ luật",
    "expulsion": "Khai trừ",
    "removal": "Xóa tên",
    "leave": "Ra khỏi Đảng",
    "death": "Từ trần",
}


def check_transition(from_status: str, event_kind: str, *, exempted: bool | None = None) -> list[Problem]:
    """Problems of recording ``event_kind`` for a member in ``from_status`` (empty: allowed).

    With ``exempted`` given, an exemption must start while not exempted and end while exempted.
    """
    if event_kind not in TRANSITIONS:
        return [Problem("event_kind", msg("member.event_kind", kind=event_kind))]
    if from_status not in STATUS_LABELS:
        return [Problem("status_unknown", msg("member.status_unknown", status=from_status))]
    allowed, _to = TRANSITIONS[event_kind]
    if from_status not in allowed:
        return [Problem(
            "event_status",
            msg("member.event_status", event=EVENT_LABELS[event_kind], status=STATUS_LABELS[from_status]),
        )]
    if exempted is not None and event_kind in ("exemption", "exemption_end") and exempted == (event_kind == "exemption"):
        state = msg("member.exempted") if exempted else msg("member.not_exempted")
        return [Problem("exemption_unchanged", state)]
    return []


#: The name the member services use.
transition_problems = check_transition


def next_status(from_status: str, event_kind: str) -> str:
    """The status after ``event_kind``; :class:`MemberRuleError` if the event is not allowed."""
    problems = check_transition(from_status, event_kind)
    if problems:
        raise MemberRuleError(problems[0].code, problems[0].detail)
    to = TRANSITIONS[event_kind][1]
    return from_status if to is None else to


def allowed_events(status: str) -> list[str]:
    """Events that may be recorded for a member in ``status`` (for menus)."""
    return [kind for kind, (allowed, _to) in TRANSITIONS.items() if status in allowed]
