from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tochuc.audit.models import AuditEntry
from tochuc.congresses import selectors, services
from tochuc.congresses.models import Delegate, ElectionLogClosed, ElectionLogEntry, RoundStatus
from tochuc.congresses.tests.conftest import NAMES, add_members

pytestmark = pytest.mark.django_db


def summoned(congress, clerk, scope):
    services.summons_generate(actor=clerk, scope=scope, congress=congress)
    return {d.full_name: d for d in Delegate.objects.filter(congress=congress)}


def test_summons_takes_official_members_of_the_subtree_at_the_cutoff(congress, commune_clerk, clerk_scope):
    add_members("CB-BD-1", ["Ngô Thị Dự Bị"], card_start=2000001, official=False)  # probationary: not summoned
    add_members("CB-BD-2", ["Lý Văn Bên Cạnh"], card_start=3000001)  # another branch: not in the subtree
    people = summoned(congress, commune_clerk, clerk_scope)
    assert sorted(people) == sorted(NAMES)
    assert all(d.card_code and d.category == "member" for d in people.values())
    assert AuditEntry.objects.filter(action="congress.summons", after__summoned=9).exists()


def test_base_of_a_members_congress_follows_the_exclusions(congress, commune_clerk, clerk_scope):
    people = summoned(congress, commune_clerk, clerk_scope)
    services.delegate_update(actor=commune_clerk, scope=clerk_scope, delegate=people["Nguyễn Văn Đức"],
                             flags={"temporarily_transferred": True})
    services.delegate_update(actor=commune_clerk, scope=clerk_scope, delegate=people["Trần Thị Hằng"],
                             flags={"exempted": True})  # exempted and absent: out
    services.delegate_update(actor=commune_clerk, scope=clerk_scope, delegate=people["Lê Quang Vũ"],
                             flags={"exempted": True})  # exempted but comes: counts
    services.delegate_update(actor=commune_clerk, scope=clerk_scope, delegate=people["Hoàng Văn Sơn"],
                             flags={"absence_approved": True})
    services.delegate_check_in(actor=commune_clerk, scope=clerk_scope, congress=congress, query="le quang vu")
    base = selectors.congress_base(congress)
    # 9 summoned − temporarily transferred − exempted absent − absent with approved reason = 6
    assert base.summoned == 9 and base.base == 6
    figures = selectors.attendance(congress)
    assert figures.present == 1 and figures.quorum.needed == 4 and not figures.quorum.reached


def test_check_in_by_card_number_name_and_qr(congress, commune_clerk, clerk_scope):
    people = summoned(congress, commune_clerk, clerk_scope)
    by_card = services.delegate_check_in(actor=commune_clerk, scope=clerk_scope, congress=congress,
                                         query=people["Vũ Thị Thủy"].card_number)
    assert by_card.full_name == "Vũ Thị Thủy" and by_card.checked_in_at is not None
    qr = services.qr_payload(people["Đỗ Văn Ước"])
    assert services.delegate_check_in(actor=commune_clerk, scope=clerk_scope, congress=congress,
                                      query=qr).full_name == "Đỗ Văn Ước"
    assert services.delegate_check_in(actor=commune_clerk, scope=clerk_scope, congress=congress,
                                      query="dang minh khoa").full_name == "Đặng Minh Khoa"
    with pytest.raises(ValidationError, match="nhiều người"):
        services.delegate_check_in(actor=commune_clerk, scope=clerk_scope, congress=congress, query="thi")
    with pytest.raises(ValidationError, match="Mã QR"):
        services.delegate_check_in(actor=commune_clerk, scope=clerk_scope, congress=congress, query="TOCHUC-DB:XYZ")
    # a second check-in (next session) keeps the first time and adds a row
    again = services.delegate_check_in(actor=commune_clerk, scope=clerk_scope, congress=congress, query=qr)
    assert again.checkins.count() == 2
    assert selectors.attendance(congress).present == 3


def test_allocation_proposal_is_largest_remainder_and_editable(small_tree, commune_clerk, clerk_scope):
    add_members("CB-BD-1", [f"Đảng viên Một {i}" for i in range(50)], card_start=4000001)
    add_members("CB-BD-2", [f"Đảng viên Hai {i}" for i in range(30)], card_start=5000001)
    add_members("CB-DH-1", [f"Đảng viên Ba {i}" for i in range(3)], card_start=6000001)
    congress = services.congress_create(actor=commune_clerk, scope=clerk_scope, unit_code="X00004",
                                        kind="delegates", starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 2),
                                        cutoff_on=date(2026, 1, 15))
    allocation = services.allocation_propose(actor=commune_clerk, scope=clerk_scope, congress=congress, total=10,
                                             minimum_per_unit=2)
    shares = {line.unit_name: line.proposed for line in allocation.lines.all()}
    # DBCS-BD gets its minimum 2; 8 left for 80 members: 5 and 3.
    assert shares == {"Chi bộ Khu phố 1": 5, "Chi bộ Khu phố 2": 3, "Đảng bộ Trường Đại học Ba Đình": 2}
    line = allocation.lines.get(unit_name="Chi bộ Khu phố 2")
    services.allocation_line_set(actor=commune_clerk, scope=clerk_scope, line=line, final=4, reason="Đề nghị")
    assert allocation.lines.get(pk=line.pk).final == 4 and allocation.lines.get(pk=line.pk).proposed == 3
    with pytest.raises(ValidationError):
        services.allocation_line_set(actor=commune_clerk, scope=clerk_scope, line=line, final=31)


def elect_setup(congress, clerk, scope, *, seats=2, names=("Nguyễn Văn Đức", "Trần Thị Hằng", "Lê Quang Vũ"),
                kind="executive"):
    election = services.election_create(actor=clerk, scope=scope, congress=congress, kind=kind, seats=seats)
    for name in names:
        services.candidate_add(actor=clerk, scope=scope, election=election, full_name=name)
    return election


def test_a_full_election_with_double_entry(congress, commune_clerk, clerk_scope):
    people = summoned(congress, commune_clerk, clerk_scope)
    for name in NAMES[:8]:
        services.delegate_check_in(actor=commune_clerk, scope=clerk_scope, congress=congress,
                                   query=people[name].card_number)
    election = elect_setup(congress, commune_clerk, clerk_scope, seats=2, kind="deputy",
                           names=("Nguyễn Văn Đức", "Trần Thị Hằng", "Lê Quang Vũ"))
    round_ = services.round_open(actor=commune_clerk, scope=clerk_scope, election=election, issued=8)
    ids = {c.full_name: c.pk for c in round_.candidates.all()}
    a, b, c = ids["Nguyễn Văn Đức"], ids["Trần Thị Hằng"], ids["Lê Quang Vũ"]
    piles = [[a, b], [a, b], [a, c], [a], [b, c], [a, b], [a, b, c]]  # the last keeps 3 for 2 seats: invalid
    from tochuc.conftest import make_user

    second = make_user("kiemphieu2", "viewer", ["X00004"])
    services.congress_role_grant(actor=commune_clerk, scope=clerk_scope, congress=congress, username="kiemphieu2",
                                 role="counting")
    from tochuc.core.scope import scope_for_user

    second_scope = scope_for_user(second, date(2026, 1, 15))
    for n, kept in enumerate(piles, 1):
        services.ballot_enter(actor=commune_clerk, scope=clerk_scope, round_=round_, teller=1, number=n, kept=kept)
        services.ballot_enter(actor=second, scope=second_scope, round_=round_, teller=2, number=n,
                              kept=[b] if n == 4 else kept)  # teller 2 misreads ballot 4
    services.ballot_enter(actor=commune_clerk, scope=clerk_scope, round_=round_, teller=1, number=8,
                          invalid="Không có dấu của cấp ủy")
    services.ballot_enter(actor=second, scope=second_scope, round_=round_, teller=2, number=8,
                          invalid="Không có dấu của cấp ủy")
    with pytest.raises(ValidationError, match="lượt 1"):  # one person cannot enter both piles
        services.ballot_enter(actor=commune_clerk, scope=clerk_scope, round_=round_, teller=2, number=9, kept=[a])
    with pytest.raises(ValidationError, match="phiếu số: 4"):
        services.round_count(actor=commune_clerk, scope=clerk_scope, round_=round_)
    services.ballot_enter(actor=second, scope=second_scope, round_=round_, teller=2, number=4, kept=[a])
    result = services.round_count(actor=commune_clerk, scope=clerk_scope, round_=round_)
    # base 9 (nobody excluded): more than half is 5. Valid 6: Đức 5 (ballots 1,2,3,4,6), Hằng 4 (1,2,5,6), Vũ 2 (3,5).
    assert result.valid == 6 and result.invalid == 2
    assert dict(result.votes) == {"Nguyễn Văn Đức": 5, "Trần Thị Hằng": 4, "Lê Quang Vũ": 2}
    assert result.elected == ("Nguyễn Văn Đức",) and result.unfilled == 1
    round_.refresh_from_db()
    assert round_.status == RoundStatus.COUNTED and round_.base == 9
    # results hidden from anyone without a role until released
    outsider = make_user("nguoixem", "viewer", ["X00004"])
    assert not selectors.can_see_results(election, outsider) and selectors.can_see_results(election, second)
    # the counting committee cannot release; the convening committee can
    with pytest.raises(PermissionDenied):
        services.election_release(actor=second, scope=second_scope, election=election)
    # shortfall: a second round for the one seat among those not elected
    following = services.round_next(actor=commune_clerk, scope=clerk_scope, round_=round_, issued=8)
    assert following.reason == "shortfall" and following.seats == 1
    assert sorted(c.full_name for c in following.candidates.all()) == ["Lê Quang Vũ", "Trần Thị Hằng"]
    for n in range(1, 9):
        kept = [b] if n <= 6 else [c]
        services.ballot_enter(actor=commune_clerk, scope=clerk_scope, round_=following, teller=1, number=n, kept=kept)
        services.ballot_enter(actor=second, scope=second_scope, round_=following, teller=2, number=n, kept=kept)
    second_result = services.round_count(actor=commune_clerk, scope=clerk_scope, round_=following)
    assert second_result.elected == ("Trần Thị Hằng",)
    election = services.election_release(actor=commune_clerk, scope=clerk_scope, election=election)
    assert selectors.can_see_results(election, outsider)
    assert selectors.elected_names(election) == ["Nguyễn Văn Đức", "Trần Thị Hằng"]
    # after release nothing changes, and the log is a valid chain that cannot be edited
    with pytest.raises(ValidationError, match="công bố"):
        services.ballot_enter(actor=commune_clerk, scope=clerk_scope, round_=following, teller=1, number=1, kept=[c])
    with pytest.raises(ValidationError, match="công bố"):
        services.candidate_add(actor=commune_clerk, scope=clerk_scope, election=election, full_name="Người Mới")
    assert services.election_log_verify(election)
    entry = ElectionLogEntry.objects.filter(election=election).first()
    with pytest.raises(ElectionLogClosed):
        entry.save()
    with pytest.raises(ElectionLogClosed):
        entry.delete()
    ElectionLogEntry.objects.filter(pk=entry.pk).update(actor_name="ai đó")  # tampering at the SQL level …
    assert not services.election_log_verify(election)  # … is detected


def test_only_congress_roles_enter_ballots(congress, commune_clerk, clerk_scope, province_clerk):
    from tochuc.core.scope import scope_for_user

    summoned(congress, commune_clerk, clerk_scope)
    election = elect_setup(congress, commune_clerk, clerk_scope, kind="deputy")
    round_ = services.round_open(actor=commune_clerk, scope=clerk_scope, election=election, issued=9)
    other = scope_for_user(province_clerk, date(2026, 1, 15))  # a clerk above, but no role in this congress
    with pytest.raises(PermissionDenied):
        services.ballot_enter(actor=province_clerk, scope=other, round_=round_, teller=1, number=1, kept=[])


def test_tie_at_the_last_seat_opens_a_round_among_the_tied(congress, commune_clerk, clerk_scope):
    summoned(congress, commune_clerk, clerk_scope)
    election = elect_setup(congress, commune_clerk, clerk_scope, seats=1, names=("Nguyễn Văn Đức", "Trần Thị Hằng"),
                           kind="secretary")
    round_ = services.round_open(actor=commune_clerk, scope=clerk_scope, election=election, issued=9, mode="tallies")
    ids = {c.full_name: c.pk for c in round_.candidates.all()}
    votes = {ids["Nguyễn Văn Đức"]: 5, ids["Trần Thị Hằng"]: 5}
    from tochuc.core.scope import system_scope

    system = system_scope(date(2026, 1, 15))
    for teller in (1, 2):
        services.tally_enter(actor=None, scope=system, round_=round_, teller=teller, valid=9, invalid={}, votes=votes)
    result = services.round_count(actor=commune_clerk, scope=clerk_scope, round_=round_)
    assert result.elected == () and set(result.tied) == {"Nguyễn Văn Đức", "Trần Thị Hằng"}
    following = services.round_next(actor=commune_clerk, scope=clerk_scope, round_=round_, issued=9)
    assert following.reason == "tie" and following.seats == 1
    with pytest.raises(ValidationError):
        services.election_release(actor=commune_clerk, scope=clerk_scope, election=election)  # last round not counted


def test_surplus_errors_block_the_vote(congress, commune_clerk, clerk_scope):
    summoned(congress, commune_clerk, clerk_scope)
    # 3 seats: at most 1 extra; 5 names is 2 extra
    election = elect_setup(congress, commune_clerk, clerk_scope, seats=3, names=NAMES[:5])
    check = services.candidate_check(election)
    assert [e.code for e in check.errors] == ["small_body_surplus"]
    with pytest.raises(ValidationError, match="dư"):
        services.round_open(actor=commune_clerk, scope=clerk_scope, election=election, issued=9)
    # a floor nominee with too little support is not listed (warning), with enough is listed
    ok = elect_setup(congress, commune_clerk, clerk_scope, seats=3, names=NAMES[:3], kind="inspection")
    services.candidate_add(actor=commune_clerk, scope=clerk_scope, election=ok, full_name="Người Đề Cử",
                           source="floor", support=2)
    check = services.candidate_check(ok, attendees=9)
    assert check.not_listed == ("Người Đề Cử",) and [e.code for e in check.errors] == ["no_surplus"]


def test_shortfall_round_with_names_the_congress_adds(congress, commune_clerk, clerk_scope):
    from tochuc.core.scope import system_scope

    summoned(congress, commune_clerk, clerk_scope)
    election = elect_setup(congress, commune_clerk, clerk_scope, seats=2, kind="deputy",
                           names=("Nguyễn Văn Đức", "Trần Thị Hằng", "Lê Quang Vũ"))
    round_ = services.round_open(actor=commune_clerk, scope=clerk_scope, election=election, issued=9, mode="tallies")
    ids = {c.full_name: c.pk for c in round_.candidates.all()}
    votes = {ids["Nguyễn Văn Đức"]: 7, ids["Trần Thị Hằng"]: 4, ids["Lê Quang Vũ"]: 3}
    for teller in (1, 2):
        services.tally_enter(actor=None, scope=system_scope(), round_=round_, teller=teller, valid=9, invalid={},
                             votes=votes if teller == 1 else {**votes, ids["Lê Quang Vũ"]: 2})
    with pytest.raises(ValidationError, match="Tổng số phiếu hai tổ"):  # the two tellers' totals differ
        services.round_count(actor=commune_clerk, scope=clerk_scope, round_=round_)
    services.tally_enter(actor=None, scope=system_scope(), round_=round_, teller=2, valid=9, invalid={}, votes=votes)
    result = services.round_count(actor=commune_clerk, scope=clerk_scope, round_=round_)
    assert result.elected == ("Nguyễn Văn Đức",) and result.unfilled == 1
    following = services.round_next(actor=commune_clerk, scope=clerk_scope, round_=round_, extra=["Ngô Thị Bổ Sung"])
    names = [c.full_name for c in following.candidates.order_by("order")]
    assert names == ["Trần Thị Hằng", "Lê Quang Vũ", "Ngô Thị Bổ Sung"] and following.seats == 1
    assert election.candidates.get(full_name="Ngô Thị Bổ Sung").source == "added"
    with pytest.raises(ValidationError, match="vòng bầu tiếp"):
        services.round_next(actor=commune_clerk, scope=clerk_scope, round_=round_)
    assert [r.number for r in election.rounds.all()] == [1, 2]  # every round kept


def test_summons_takes_the_exemption_as_of_the_cutoff(congress, commune_clerk, clerk_scope, branch_members):
    from tochuc.members.lifecycle import member_record

    by_name = {m.full_name: m for m in branch_members}
    member_record(actor=commune_clerk, scope=clerk_scope, member=by_name["Vũ Thị Thủy"], kind="exemption",
                  effective_on=date(2025, 12, 1), details={})  # before the cut-off (10/1/2026): exempted
    member_record(actor=commune_clerk, scope=clerk_scope, member=by_name["Bùi Thị Lưu"], kind="exemption",
                  effective_on=date(2026, 1, 12), details={})  # after it: not exempted at the cut-off
    people = summoned(congress, commune_clerk, clerk_scope)
    assert people["Vũ Thị Thủy"].exempted and not people["Bùi Thị Lưu"].exempted
    assert selectors.congress_base(congress).counts["exempted_absent"] == 1  # nobody checked in yet


def test_no_count_without_a_summons_list(congress, commune_clerk, clerk_scope):
    election = elect_setup(congress, commune_clerk, clerk_scope, seats=1, kind="secretary", names=("Lê Quang Vũ",))
    round_ = services.round_open(actor=commune_clerk, scope=clerk_scope, election=election, issued=1)
    cid = round_.candidates.get().pk
    from tochuc.core.scope import system_scope

    for teller in (1, 2):
        services.ballot_enter(actor=None, scope=system_scope(), round_=round_, teller=teller, number=1, kept=[cid])
    with pytest.raises(ValidationError, match="danh sách triệu tập"):
        services.round_count(actor=commune_clerk, scope=clerk_scope, round_=round_)
