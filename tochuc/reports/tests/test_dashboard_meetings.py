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


# --- Kept per tally unit: equal to the fresh count, and every meeting service keeps it so ---------

import inspect  # noqa: E402

import pytest  # noqa: E402

from tochuc.domain.meetings import Month, Quarter  # noqa: E402
from tochuc.meetings import services  # noqa: E402
from tochuc.meetings.models import Meeting  # noqa: E402
from tochuc.reports import tally  # noqa: E402

TODAY = date(2026, 1, 15)
PERIODS = [(date(2025, 10, 1), date(2025, 12, 31)), (date(2025, 10, 1), TODAY), (date(2025, 11, 1), date(2025, 11, 30))]


def both(system, code, start, end):
    kept = tally.meeting_compliance(system, code, start, end, today=TODAY).as_json()
    return kept, compliance_summary(system, code, start, end, today=TODAY).as_json()


def figures(system):
    out = {}
    for code in ("TW", "T01", "T79"):
        for start, end in PERIODS:
            kept, fresh = both(system, code, start, end)
            assert kept == fresh, (code, start, end)
            out[(code, start, end)] = fresh
    return out


def test_kept_compliance_equals_the_fresh_count(scenario, system):  # noqa: F811
    first = figures(system)
    assert first == figures(system)  # read back from the kept rows
    assert first[("T01", date(2025, 10, 1), date(2025, 12, 31))]["branches_compliant"] == 1


def _unclosed(system):
    meeting = services.meeting_plan(actor=None, scope=system, branch_code="CB-DH-1", kind="monthly",
                                    planned_on=date(2025, 11, 5))
    from tochuc.meetings.selectors import branch_roster

    entries = {m: ("present", "") for m, _n in branch_roster(unit_id=meeting.unit_id, on=date(2025, 11, 5))}
    services.meeting_record_attendance(actor=None, scope=system, meeting=meeting, held_on=date(2025, 11, 5),
                                       entries=entries)
    return meeting


def _absent_an(system, scenario):  # noqa: F811
    an = scenario["CB-BD-1"][0]
    meeting = Meeting.objects.get(unit__code="CB-BD-1", held_on=date(2025, 11, 3))
    return meeting, {m.pk: ("absent" if m.pk == an.pk else "present", "") for m in scenario["CB-BD-1"]}


MEETING_SERVICES = {
    "meeting_plan": (None, lambda s, p: services.meeting_plan(actor=None, scope=s, branch_code="CB-NH-1",
                                                              kind="monthly", planned_on=date(2026, 2, 3)), False),
    "meetings_plan_month": (None, lambda s, p: services.meetings_plan_month(actor=None, scope=s, root_code="T01",
                                                                           month=Month(2026, 2)), False),
    "meetings_plan_quarter": (None, lambda s, p: services.meetings_plan_quarter(
        actor=None, scope=s, root_code="T01", quarter=Quarter(2026, 1), topic="Học tập nghị quyết"), False),
    "meeting_record_attendance": ("absent", lambda s, p: services.meeting_record_attendance(
        actor=None, scope=s, meeting=p[0], held_on=date(2025, 11, 3),
        entries={m: ("present", "") for m in p[1]}), True),
    "meeting_close": ("unclosed", lambda s, p: services.meeting_close(
        actor=None, scope=s, meeting=p, minutes="Biên bản.", resolutions=["Nghị quyết"], self_rating="tot",
        duration_minutes=90), True),
    "meeting_cancel": ("planned", lambda s, p: services.meeting_cancel(actor=None, scope=s, meeting=p), False),
}


def test_every_meeting_service_is_checked_here():
    found = {name for name, fn in inspect.getmembers(services, inspect.isfunction)
             if fn.__module__ == services.__name__ and name.startswith(("meeting_", "meetings_"))}
    assert found == set(MEETING_SERVICES)


@pytest.mark.parametrize("name", sorted(MEETING_SERVICES))
def test_every_meeting_service_keeps_the_kept_compliance_true(scenario, system, name):  # noqa: F811
    prepare, write, changes = MEETING_SERVICES[name]
    prepared = {"absent": lambda: _absent_an(system, scenario), "unclosed": lambda: _unclosed(system),
                "planned": lambda: services.meeting_plan(actor=None, scope=system, branch_code="CB-NH-1",
                                                         kind="monthly",
                                                         planned_on=date(2025, 12, 5)),
                None: lambda: None}[prepare]()
    before = figures(system)
    write(system, prepared)
    after = {k: compliance_summary(system, k[0], k[1], k[2], today=TODAY).as_json() for k in before}
    assert (after != before) == changes
    assert figures(system) == after


def test_demo_meetings_keep_the_kept_compliance_true(branch_members, system):  # noqa: F811
    """Not a service, but it writes meetings the dashboard counts: it announces them too."""
    from tochuc.meetings.demo import demo_meetings

    before = figures(system)  # computed and kept
    demo_meetings(scope=system, months=5, today=TODAY)
    after = {k: compliance_summary(system, k[0], k[1], k[2], today=TODAY).as_json() for k in before}
    assert after != before
    assert figures(system) == after
