"""Meeting compliance on the dashboard equals the meetings app's own count of the same subtree
and period (the scenario of the meetings tests, whose figures are worked out by hand there)."""

from datetime import date

from tochuc.meetings.selectors import compliance_summary
from tochuc.meetings.tests.conftest import branch_members, hold  # noqa: F401  (fixtures)
from tochuc.meetings.tests.test_compliance import scenario  # noqa: F401  (fixture)


def test_dashboard_shows_branch_meeting_compliance(scenario, national_admin, client, system):  # noqa: F811
    client.force_login(national_admin)
    response = client.get("/bao-cao/don-vi/T01/?tai_ngay=2026-01-15&tu=2025-10-01")
    meetings = response.context["meetings"]
    fresh = compliance_summary(system, "T01", "2025-10", "2026-01", today=date(2026, 1, 15))
    assert meetings.as_json() == fresh.as_json()
    # By hand (see the scenario): Oct–Dec are over, one whole quarter; 4 branches, 1 compliant.
    assert (meetings.months_checked, meetings.quarters_checked, meetings.branches_expected,
            meetings.branches_compliant, meetings.missing_monthly, meetings.missing_thematic,
            meetings.low_attendance) == (3, 1, 4, 1, 2, 1, 1)
    page = response.content.decode()
    assert '<td class="num" id="fig-meetings-compliant">1/4 (25,0%)</td>' in page
    assert "Sinh hoạt chi bộ, tháng 10/2025 đến tháng 1/2026" in page
    assert "/sinh-hoat/tuan-thu/?root=T01&amp;tu=2025-10&amp;den=2026-01" in page


def test_no_month_over_yet_says_so(branch_members, national_admin, client):  # noqa: F811
    client.force_login(national_admin)
    response = client.get("/bao-cao/don-vi/T01/?tai_ngay=2025-10-20&tu=2025-10-01")
    assert response.context["meetings"].branches_expected == 0
    assert "Chưa có tháng nào kết thúc trong kỳ để xét." in response.content.decode()
