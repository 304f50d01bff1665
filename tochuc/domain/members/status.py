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
from tochuc.domain.messages import Message, msg


class MemberStatus(StrEnum):
    PROBATIONARY = "probationary"
    OFFICIAL = "official"
    TRANSFER_PENDING = "transfer_pending"
    TRANSFERRED_OUT = "transferred_out"
    REMOVED = "removed"
    LEFT = "left"
    DIED = "died"


STATUS_LABELS: dict[str, Message] = {
    MemberStatus.PROBATIONARY.value: msg("member.status.probationary"),
    MemberStatus.OFFICIAL.value: msg("member.status.official"),
    MemberStatus.TRANSFER_PENDING.value: msg("member.status.transfer_pending"),
    MemberStatus.TRANSFERRED_OUT.value: msg("member.status.transferred_out"),
    MemberStatus.REMOVED.value: msg("member.status.removed"),
    MemberStatus.LEFT.value: msg("member.status.left"),
    MemberStatus.DIED.value: msg("member.status.died"),
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

EVENT_LABELS: dict[str, Message] = {
    "official": msg("member.event.official"),
    "probation_failed": msg("member.event.probation_failed"),
    "transfer": msg("member.event.transfer"),
    "temporary_transfer": msg("member.event.temporary_transfer"),
    "transfer_out": msg("member.event.transfer_out"),
    "transfer_out_done": msg("member.event.transfer_out_done"),
    "exemption": msg("member.event.exemption"),
    "exemption_end": msg("member.event.exemption_end"),
    "rating": msg("member.event.rating"),
    "badge": msg("member.event.badge"),
    "posthumous_badge": msg("member.event.posthumous_badge"),
    "discipline": msg("member.event.discipline"),
    "expulsion": msg("member.event.expulsion"),
    "removal": msg("member.event.removal"),
    "leave": msg("member.event.leave"),
    "death": msg("member.event.death"),
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
    if (exempted is not None and event_kind in ("exemption", "exemption_end")
            and exempted == (event_kind == "exemption")):
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
