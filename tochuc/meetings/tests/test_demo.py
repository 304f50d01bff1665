"""Demo meetings: set-based, realistic, idempotent; the compliance page works on them."""

from __future__ import annotations

import io
from datetime import date

from django.core.management import call_command

from tochuc.domain.meetings import Month
from tochuc.meetings.demo import demo_meetings
from tochuc.meetings.models import Attendance, Meeting
from tochuc.meetings.selectors import compliance_branches, compliance_summary


def test_demo_meetings_for_the_branches(branch_members, system, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        meetings, marks = demo_meetings(scope=system, months=5, today=date(2026, 1, 15))
    # Aug–Dec 2025 for the four branches with members (CB-NH-1 has none), minus a few skipped.
    assert 12 <= meetings <= 20 and meetings == Meeting.objects.count() and marks == Attendance.objects.count()
    for meeting in Meeting.objects.all():  # the totals on the row match the rows
        assert meeting.summoned_count == meeting.attendance.count()
        assert meeting.present_count == meeting.attendance.filter(status="present").count()
        assert Month.of(meeting.held_on).index == meeting.held_month
    assert Meeting.objects.filter(kind="thematic", held_on__month__in=[9, 12]).exists()
    assert demo_meetings(scope=system, months=5, today=date(2026, 1, 15)) == (0, 0)  # nothing twice
    summary = compliance_summary(system, "TW", Month(2025, 8), Month(2025, 12), today=date(2026, 1, 15))
    rows = compliance_branches(system, "TW", Month(2025, 8), Month(2025, 12), today=date(2026, 1, 15), only_gaps=False)
    assert summary.branches == len(rows) == 5 and summary.branches_compliant == sum(r.compliant for r in rows)


def test_demo_command(branch_members):
    out = io.StringIO()
    call_command("demo_meetings", "--months", "3", "--scope", "X00004", stdout=out)
    assert "buổi sinh hoạt mẫu" in out.getvalue()
    assert set(Meeting.objects.values_list("unit__code", flat=True)) <= {"CB-BD-1", "CB-BD-2", "CB-DH-1"}
