"""Fixtures of the meeting tests: members in the Ba Đình branches and a helper that holds a
meeting (plan, attendance, minutes) through the services."""

from __future__ import annotations

from datetime import date

import pytest

from tochuc.domain.meetings import Month
from tochuc.meetings import services
from tochuc.members.tests.factories import admit


@pytest.fixture
def branch_members(small_tree, system):
    """Four members in CB-BD-1, two in CB-BD-2, one in CB-DH-1, one in CB-SG-1 (all since 8/2025)."""
    people = {
        "CB-BD-1": ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"],
        "CB-BD-2": ["Hoàng Văn Em", "Vũ Thị Giang"],
        "CB-DH-1": ["Đỗ Văn Hùng"],
        "CB-SG-1": ["Võ Thị Sài Gòn"],
    }
    found = {}
    for code, names in people.items():
        found[code] = [admit(system, name, code, birth=date(1988, 3, 1 + n), sex="nam" if n % 2 == 0 else "nu")
                       for n, name in enumerate(names)]
    return found


@pytest.fixture
def hold(system):
    """``hold(code, day, kind="monthly", statuses=None, topic="")``: a meeting held on ``day`` with
    the given statuses by member id (default: everyone present)."""

    def run(code, day, kind="monthly", statuses=None, topic="", minutes=95):
        from tochuc.meetings.selectors import branch_roster

        meeting = services.meeting_plan(actor=None, scope=system, branch_code=code, kind=kind, planned_on=day,
                                        topic=topic or ("Chuyên đề quý" if kind == "thematic" else ""))
        statuses = statuses or {}
        entries = {}
        for member_id, _name in branch_roster(unit_id=meeting.unit_id, on=day):
            status = statuses.get(member_id, "present")
            entries[member_id] = (status, "Ốm" if status == "excused" else "")
        services.meeting_record_attendance(actor=None, scope=system, meeting=meeting, held_on=day, entries=entries)
        return services.meeting_close(actor=None, scope=system, meeting=meeting, minutes="Biên bản họp chi bộ.",
                                      resolutions=["Thống nhất nghị quyết tháng"], self_rating="tot",
                                      duration_minutes=minutes)

    return run


SEP, OCT, NOV, DEC = Month(2025, 9), Month(2025, 10), Month(2025, 11), Month(2025, 12)
