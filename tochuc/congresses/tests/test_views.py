import pytest

from tochuc.congresses.models import Delegate, Election
from tochuc.congresses.tests.pdftext import pdf_text

pytestmark = pytest.mark.django_db


def test_pages_of_a_counted_election(client, commune_clerk, counted_election):
    client.force_login(commune_clerk)
    congress = counted_election.election.congress
    election = counted_election.election
    delegate = Delegate.objects.filter(congress=congress).first()
    for url in ("/dai-hoi/", f"/dai-hoi/{congress.pk}/", f"/dai-hoi/{congress.pk}/trieu-tap/",
                f"/dai-hoi/{congress.pk}/diem-danh/", f"/dai-hoi/{congress.pk}/diem-danh/so-lieu/",
                f"/dai-hoi/{congress.pk}/phan-bo/", f"/dai-hoi/dai-bieu/{delegate.pk}/the/",
                f"/dai-hoi/bau-cu/{election.pk}/", f"/dai-hoi/bau-cu/{election.pk}/man-hinh/",
                f"/dai-hoi/vong/{counted_election.pk}/nhap-phieu/"):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(f"/dai-hoi/bau-cu/{election.pk}/").content.decode()
    assert "Nguyễn Văn Đức" in page and "Kết quả chưa công bố: chỉ cấp ủy" in page
    screen = client.get(f"/dai-hoi/bau-cu/{election.pk}/man-hinh/").content.decode()
    assert "Kết quả sẽ được công bố" in screen and "88,89%" not in screen
    card = client.get(f"/dai-hoi/dai-bieu/{delegate.pk}/the/").content.decode()
    assert 'src="data:image/png;base64,' in card and delegate.full_name in card
    pdf = client.get(f"/dai-hoi/vong/{counted_election.pk}/bien-ban.pdf")
    assert pdf["Content-Type"] == "application/pdf" and "Phạm Thị Ngọc Ánh" in pdf_text(pdf.content)
    assert client.get(f"/dai-hoi/vong/{counted_election.pk}/bien-ban.docx").status_code == 200


def test_results_and_minutes_hidden_from_users_without_a_role_until_released(client, counted_election, commune_clerk):
    from tochuc.conftest import make_user

    viewer = make_user("xem-badinh", "viewer", ["X00004"])
    client.force_login(viewer)
    election = counted_election.election
    page = client.get(f"/dai-hoi/bau-cu/{election.pk}/").content.decode()
    assert "Kết quả chưa công bố." in page and "88,89%" not in page and "Trúng cử" not in page
    assert client.get(f"/dai-hoi/vong/{counted_election.pk}/bien-ban.pdf").status_code == 404
    client.force_login(commune_clerk)
    client.post(f"/dai-hoi/bau-cu/{election.pk}/thao-tac/", {"action": "release"})
    assert Election.objects.get(pk=election.pk).released_at is not None
    client.force_login(viewer)
    assert client.get(f"/dai-hoi/vong/{counted_election.pk}/bien-ban.pdf").status_code == 200
    screen = client.get(f"/dai-hoi/bau-cu/{election.pk}/man-hinh/", headers={"HX-Request": "true"}).content.decode()
    assert "88,89%" in screen and "Nguyễn Văn Đức" in screen


def test_check_in_desk(client, commune_clerk, congress, clerk_scope):
    from tochuc.congresses import services

    services.summons_generate(actor=commune_clerk, scope=clerk_scope, congress=congress)
    client.force_login(commune_clerk)
    url = f"/dai-hoi/{congress.pk}/diem-danh/"
    done = client.post(url, {"q": "tran thi hang"}, headers={"HX-Request": "true"}).content.decode()
    assert "Trần Thị Hằng" in done and "đã điểm danh lúc" in done
    many = client.post(url, {"q": "thi"}, headers={"HX-Request": "true"}).content.decode()
    assert "Chọn đúng người" in many and "Vũ Thị Thủy" in many
    target = Delegate.objects.get(congress=congress, full_name="Vũ Thị Thủy")
    client.post(url, {"q": "thi", "delegate": target.pk}, headers={"HX-Request": "true"})
    target.refresh_from_db()
    assert target.checked_in_at is not None


def test_list_query_count(client, commune_clerk, congress, django_assert_max_num_queries):
    client.force_login(commune_clerk)
    with django_assert_max_num_queries(12):
        assert client.get("/dai-hoi/").status_code == 200


def test_viewer_cannot_set_up(client, congress):
    from tochuc.conftest import make_user

    viewer = make_user("xem2", "viewer", ["X00004"])
    client.force_login(viewer)
    client.post(f"/dai-hoi/{congress.pk}/trieu-tap/lap/")
    assert not Delegate.objects.filter(congress=congress).exists()


def test_summons_and_election_pages_do_not_query_per_row(client, commune_clerk, counted_election,
                                                         django_assert_max_num_queries):
    from tochuc.congresses.tests.conftest import add_members

    congress = counted_election.election.congress
    client.force_login(commune_clerk)
    with django_assert_max_num_queries(20):
        assert client.get(f"/dai-hoi/{congress.pk}/trieu-tap/").status_code == 200
    with django_assert_max_num_queries(40):
        assert client.get(f"/dai-hoi/bau-cu/{counted_election.election_id}/").status_code == 200
    # ten times the people: the same number of queries
    add_members("CB-BD-1", [f"Đảng viên Thêm {i}" for i in range(90)], card_start=7000001)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(f"/dai-hoi/{congress.pk}/trieu-tap/")
    from tochuc.congresses.models import Delegate

    Delegate.objects.filter(congress=congress).update(checked_in_at=None)
    from tochuc.congresses import services
    from tochuc.core.scope import scope_for_user

    services.summons_generate(actor=commune_clerk, scope=scope_for_user(commune_clerk), congress=congress)
    assert Delegate.objects.filter(congress=congress).count() == 99
    with CaptureQueriesContext(connection) as large:
        client.get(f"/dai-hoi/{congress.pk}/trieu-tap/")
    assert len(large) == len(small)


def test_more_ballots_than_issued_is_shown_and_refused(client, congress, commune_clerk, clerk_scope):
    from tochuc.congresses import services
    from tochuc.core.scope import system_scope

    services.summons_generate(actor=commune_clerk, scope=clerk_scope, congress=congress)
    election = services.election_create(actor=commune_clerk, scope=clerk_scope, congress=congress, kind="secretary",
                                        seats=1)
    services.candidate_add(actor=commune_clerk, scope=clerk_scope, election=election, full_name="Lê Quang Vũ")
    round_ = services.round_open(actor=commune_clerk, scope=clerk_scope, election=election, issued=2)
    cid = round_.candidates.get().pk
    for teller in (1, 2):
        services.ballots_enter_many(actor=None, scope=system_scope(), round_=round_, teller=teller,
                                    entries=[(n, [cid], "") for n in (1, 2, 3)])
    client.force_login(commune_clerk)
    page = client.get(f"/dai-hoi/bau-cu/{election.pk}/").content.decode()
    assert "nhiều hơn số phiếu phát ra (2)" in page
    client.post(f"/dai-hoi/vong/{round_.pk}/thao-tac/", {"action": "count"})
    round_.refresh_from_db()
    assert round_.status == "open"
    page = client.get(f"/dai-hoi/bau-cu/{election.pk}/").content.decode()
    assert "số phiếu thu vào (3) nhiều hơn số phiếu phát ra (2)" in page
