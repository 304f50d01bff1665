"""Document pages: search, record, add/edit, extractor, study sessions, coverage and its export."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from tochuc.audit.models import AuditEntry
from tochuc.conftest import make_user
from tochuc.documents.models import Document, StudySession

SAMPLE = (
    "Quán triệt Quy định số 294 ngày 6/5/2025 của Ban Chấp hành Trung ương về thi hành Điều lệ Đảng; "
    "Chỉ thị số 50 ngày 23/7/2025 của Ban Bí thư và Kế hoạch số 12 ngày 3/9/2025 của Thành ủy Hà Nội về "
    "tổ chức học tập; Kết luận số 06-KL/BTCTW."
)


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def clerk(seeded, commune_clerk, client):
    client.force_login(commune_clerk)
    return client


@pytest.fixture
def hanoi(seeded, province_clerk, client):
    client.force_login(province_clerk)
    return client


def test_pages_need_a_login(seeded, client):
    for url in ("/van-ban/", "/van-ban/trich-dan/", "/van-ban/hoc-tap/", f"/van-ban/{seeded['50-CT/TW'].pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"], url


def test_search_without_diacritics_and_filters(clerk, seeded, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        body = text(clerk.get("/van-ban/?q=sinh+hoat+chi+bo"))
    assert "50-CT/TW" in body and "294-QĐ/TW" not in body
    assert "294-QĐ/TW" in text(clerk.get("/van-ban/?q=294"))
    body = text(clerk.get("/van-ban/?loai=Chỉ+thị&nam=2025"))
    assert "50-CT/TW" in body and "45-CT/TW" in body and "190-QĐ/TW" not in body
    partial = text(clerk.get("/van-ban/?q=dieu+le", headers={"HX-Request": "true"}))
    assert "294-QĐ/TW" in partial and "<form" not in partial


def test_record_page(clerk, seeded):
    body = text(clerk.get(f"/van-ban/{seeded['294-QĐ/TW'].pk}/"))
    assert "Quy định số 294-QĐ/TW" in body and "26/05/2025" in body and "Ban Chấp hành Trung ương" in body
    assert "thi hành Điều lệ Đảng" in body
    assert clerk.get("/van-ban/999999/").status_code == 404


def test_add_edit_and_replace_through_the_pages(hanoi, seeded):
    response = hanoi.post("/van-ban/them/", {
        "kind": "Kế hoạch", "code": "12 – KH / TU", "issuing_body": "Thành ủy Hà Nội", "issued_on": "03/09/2025",
        "subject": "tổ chức học tập Chỉ thị 50", "owner": "T01", "replaces": "",
    })
    assert response.status_code == 302, text(response)
    document = Document.objects.get(code="12-KH/TU")
    assert response["Location"] == f"/van-ban/{document.pk}/"
    response = hanoi.post(f"/van-ban/{document.pk}/sua/", {
        "kind": "Kế hoạch", "number": "12", "issuer_code": "TU", "issuing_body": "Thành ủy Hà Nội",
        "issued_on": "2025-09-03", "subject": "học tập, quán triệt Chỉ thị 50", "owner": "T01",
        "replaces": "", "reason": "sửa trích yếu"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.subject == "học tập, quán triệt Chỉ thị 50"
    assert AuditEntry.objects.filter(action="document.update", reason="sửa trích yếu").exists()


def test_bad_form_is_refused_in_vietnamese(hanoi, seeded):
    response = hanoi.post("/van-ban/them/", {"kind": "Chỉ thị", "code": "50-CT/TW", "issuing_body": "Ban Bí thư",
                                             "issued_on": "2025-07-23", "owner": "T01"})
    assert response.status_code == 400 and "Đã có văn bản 50-CT/TW ngày 23/07/2025" in text(response)
    response = hanoi.post("/van-ban/them/", {"kind": "Chỉ thị", "issuing_body": "x", "issued_on": "2025-07-23",
                                             "owner": "T79", "number": "3", "issuer_code": "TU"})
    assert response.status_code == 400 and "T79" in text(response)


def test_file_attachment_download(hanoi, seeded, province_clerk):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("ke-hoach-12.pdf", b"%PDF-1.4 noi dung")
    response = hanoi.post("/van-ban/them/", {"kind": "Kế hoạch", "number": "12", "issuer_code": "TU",
                                             "issuing_body": "Thành ủy Hà Nội", "issued_on": "2025-09-03",
                                             "owner": "T01", "file": upload})
    assert response.status_code == 302
    document = Document.objects.get(code="12-KH/TU")
    download = hanoi.get(f"/van-ban/{document.pk}/tep/")
    assert download.content == b"%PDF-1.4 noi dung" and "ke-hoach-12.pdf" in download["Content-Disposition"]
    assert hanoi.get(f"/van-ban/{seeded['50-CT/TW'].pk}/tep/").status_code == 404  # no file


def test_viewer_cannot_add(seeded, client):
    viewer = make_user("xem", "viewer", ["X00004"])
    client.force_login(viewer)
    assert client.get("/van-ban/them/").status_code == 403
    body = text(client.post("/van-ban/trich-dan/", {"text": SAMPLE}))
    assert "Chưa có trong sổ" in body and "thêm vào sổ" not in body


def test_extractor_links_citations_and_adds_unknown_ones(hanoi, seeded):
    body = text(hanoi.post("/van-ban/trich-dan/", {"text": SAMPLE, "action": "extract"}))
    assert "4 văn bản được trích dẫn" in body
    assert f'href="/van-ban/{seeded["50-CT/TW"].pk}/"' in body  # known: linked
    assert "Cùng số, ký hiệu, khác ngày" in body  # 294 is quoted with the wrong date
    assert "/van-ban/them/?kind=K%E1%BA%BF%20ho%E1%BA%A1ch&amp;number=12&amp;issuer_code=TU" in body
    # Added at once: the complete unknown ones (code and date), Kế hoạch 12-KH/TU; not 06-KL/BTCTW (no
    # date), nor 294 of 6/5/2025 (the registry has 294-QĐ/TW of 26/5/2025: a misquote, for the clerk to judge).
    assert "Thêm 1 văn bản chưa có" in body
    # Every mention is marked where it stands in the text, linked to its row.
    assert body.count("<mark>") == 4
    assert '<a href="#trich-dan-2"><mark>Chỉ thị số 50 ngày 23/7/2025 của Ban Bí thư</mark></a>' in body
    response = hanoi.post("/van-ban/trich-dan/", {"text": SAMPLE, "action": "add-unknown", "owner": "T01"})
    assert response.status_code == 200 and "Đã thêm 1 văn bản vào sổ." in text(response)
    added = Document.objects.get(code="12-KH/TU")
    assert (added.issuing_body, added.issued_on, added.subject, added.owner.code) == (
        "Thành ủy Hà Nội", date(2025, 9, 3), "tổ chức học tập", "T01")
    assert Document.objects.filter(code="294-QĐ/TW").count() == 1
    again = text(hanoi.post("/van-ban/trich-dan/", {"text": SAMPLE}))
    assert "văn bản chưa có (đủ" not in again and f'href="/van-ban/{added.pk}/"' in again


def test_extractor_adds_nothing_on_a_bad_owner(hanoi, seeded):
    response = hanoi.post("/van-ban/trich-dan/", {"text": SAMPLE, "action": "add-unknown", "owner": "T79"})
    assert response.status_code == 400 and "T79" in text(response)
    assert not Document.objects.filter(code="12-KH/TU").exists()


def test_prefilled_add_form(hanoi, seeded):
    body = text(hanoi.get(
        "/van-ban/them/?kind=Kết+luận&number=6&issuer_code=BTCTW&issuing_body=Ban+Tổ+chức+Trung+ương"
    ))
    assert 'value="BTCTW"' in body and 'value="6"' in body and "Ban Tổ chức Trung ương" in body


def test_record_a_study_session_and_see_coverage(clerk, seeded, people, django_assert_max_num_queries):
    chi_thi = seeded["50-CT/TW"]
    form = text(clerk.get("/van-ban/hoc-tap/them/?unit=CB-BD-1&held_on=2025-09-03"))
    assert "Nguyễn Văn An" in form and "Trần Thị Bình" in form and "Lê Văn Cường" not in form
    response = clerk.post("/van-ban/hoc-tap/them/", {
        "unit": "CB-BD-1", "kind": "hoc_tap_quan_triet", "held_on": "2025-09-03", "title": "Học tập Chỉ thị 50",
        "documents": [chi_thi.pk], "attendees": [people["bd1a"].pk]})
    assert response.status_code == 302, text(response)
    session = StudySession.objects.get()
    detail = text(clerk.get(response["Location"]))
    assert "Học tập Chỉ thị 50" in detail and "Nguyễn Văn An" in detail and "50-CT/TW" in detail
    assert "Học tập Chỉ thị 50" in text(clerk.get("/van-ban/hoc-tap/"))
    assert "Học tập Chỉ thị 50" in text(clerk.get(f"/van-ban/{chi_thi.pk}/"))
    with django_assert_max_num_queries(14):
        body = text(clerk.get(f"/van-ban/{chi_thi.pk}/hoc-tap/?root=X00004&cap=chi-bo&chua=1"))
    assert "1/3 đơn vị đã học tập, quán triệt; 2 đơn vị chưa." in body
    assert "CB-BD-2" in body and "CB-DH-1" in body and "CB-BD-1" not in body.split('id="coverage"')[1]
    assert session.pk


def test_study_session_errors_and_scope(clerk, seeded, people):
    response = clerk.post("/van-ban/hoc-tap/them/", {
        "unit": "CB-BD-1", "kind": "hoc_tap", "held_on": "2025-09-03", "title": "",
        "documents": [seeded["50-CT/TW"].pk]})
    assert response.status_code == 400 and "bắt buộc" in text(response)
    assert "Không có đơn vị" in text(clerk.get("/van-ban/hoc-tap/them/?unit=CB-SG-1"))
    assert not StudySession.objects.exists()


def test_coverage_export_is_xlsx_and_audited(hanoi, seeded, people, province_clerk):
    from tochuc.conftest import TODAY
    from tochuc.core.scope import scope_for_user
    from tochuc.documents.services import StudyData, study_session_record

    study_session_record(actor=province_clerk, scope=scope_for_user(province_clerk, TODAY), unit_code="X00008",
                         data=StudyData(held_on=date(2025, 9, 3), title="Quán triệt"),
                         document_ids=[seeded["50-CT/TW"].pk], attendee_ids=[people["nh"].pk])
    response = hanoi.get(f"/van-ban/{seeded['50-CT/TW'].pk}/hoc-tap/?root=T01&cap=xa&export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("STT", "Mã", "Tên tổ chức đảng", "Loại", "Đã học tập, quán triệt")
    by_code = {r[1]: r for r in rows[1:]}
    assert set(by_code) == {"X00004", "X00008"}
    assert by_code["X00008"][4] == "Đã" and by_code["X00008"][9] == 1 and by_code["X00004"][4] == "Chưa"
    assert AuditEntry.objects.filter(action="study.coverage_export").exists()


def test_coverage_outside_scope_is_404(clerk, seeded):
    assert clerk.get(f"/van-ban/{seeded['50-CT/TW'].pk}/hoc-tap/?root=X26734").status_code == 404
    assert clerk.get(f"/van-ban/{seeded['50-CT/TW'].pk}/hoc-tap/?root=T01").status_code == 404  # above the scope


def test_edit_a_study_session(clerk, seeded, people, commune_clerk):
    from tochuc.conftest import TODAY
    from tochuc.core.scope import scope_for_user
    from tochuc.documents.services import StudyData, study_session_record

    session = study_session_record(actor=commune_clerk, scope=scope_for_user(commune_clerk, TODAY), unit_code="CB-BD-1",
                                   data=StudyData(held_on=date(2025, 9, 3), title="Học tập"),
                                   document_ids=[seeded["50-CT/TW"].pk], attendee_ids=[people["bd1a"].pk])
    form = text(clerk.get(f"/van-ban/hoc-tap/{session.pk}/sua/"))
    assert 'value="Học tập"' in form and "Trần Thị Bình" in form
    response = clerk.post(f"/van-ban/hoc-tap/{session.pk}/sua/", {
        "unit": "CB-BD-1", "kind": "quan_triet", "held_on": "2025-09-03", "title": "Quán triệt Chỉ thị 50",
        "documents": [seeded["50-CT/TW"].pk], "attendees": [people["bd1a"].pk, people["bd1b"].pk]})
    assert response.status_code == 302
    detail = text(clerk.get(f"/van-ban/hoc-tap/{session.pk}/"))
    assert "Quán triệt Chỉ thị 50" in detail and "2 đảng viên dự" in detail
    assert AuditEntry.objects.filter(action="study.update", object_id=str(session.pk)).exists()


def test_study_list_query_count_does_not_grow(clerk, seeded, people, commune_clerk, django_assert_max_num_queries):
    from tochuc.conftest import TODAY
    from tochuc.core.scope import scope_for_user
    from tochuc.documents.services import StudyData, study_session_record

    scope = scope_for_user(commune_clerk, TODAY)
    for n, code in enumerate(["CB-BD-1", "CB-BD-2", "CB-DH-1", "X00004"] * 3):
        study_session_record(actor=commune_clerk, scope=scope, unit_code=code,
                             data=StudyData(held_on=date(2025, 9, 3 + n), title=f"Buổi {n}"),
                             document_ids=[seeded["50-CT/TW"].pk], attendee_ids=[])
    with django_assert_max_num_queries(10):  # 12 sessions of 4 units: a constant, not one per row
        body = text(clerk.get("/van-ban/hoc-tap/"))
    assert body.count("Buổi ") == 12 and "Chi bộ Khoa Lịch sử" in body
    with django_assert_max_num_queries(14):
        body = text(clerk.get(f"/van-ban/{seeded['50-CT/TW'].pk}/"))
    assert body.count("Buổi ") == 12


def test_replaced_mark_and_citations_of_the_full_text(hanoi, seeded, province_clerk):
    from tochuc.conftest import TODAY
    from tochuc.core.scope import scope_for_user
    from tochuc.documents.services import DocumentData, document_create

    scope = scope_for_user(province_clerk, TODAY)
    old = document_create(actor=province_clerk, scope=scope, owner_code="T01", data=DocumentData(
        kind="Kế hoạch", number=5, issuer_code="TU", issuing_body="Thành ủy Hà Nội", issued_on=date(2025, 1, 2)))
    new = document_create(actor=province_clerk, scope=scope, owner_code="T01", replaces=[old.pk], data=DocumentData(
        kind="Kế hoạch", number=12, issuer_code="TU", issuing_body="Thành ủy Hà Nội", issued_on=date(2025, 9, 3),
        text="Căn cứ Chỉ thị số 50-CT/TW ngày 23/7/2025 của Ban Bí thư và Kết luận số 06-KL/BTCTW; "
             "thay thế Kế hoạch số 05-KH/TU ngày 2/1/2025."))
    listing = text(hanoi.get("/van-ban/?q=KH"))
    assert listing.count("đã bị thay thế") == 1
    body = text(hanoi.get(f"/van-ban/{new.pk}/"))
    cited = body.split('id="dan-chieu"')[1].split("</section>")[0]
    assert f'href="/van-ban/{seeded["50-CT/TW"].pk}/"' in cited and f'href="/van-ban/{old.pk}/"' in cited
    assert "06-KL/BTCTW" in cited and "chưa có trong sổ" in cited


def test_study_list_of_one_unit(clerk, seeded, people, commune_clerk):
    from tochuc.conftest import TODAY
    from tochuc.core.scope import scope_for_user
    from tochuc.documents.services import StudyData, study_session_record

    scope = scope_for_user(commune_clerk, TODAY)
    for code in ("CB-BD-1", "CB-DH-1"):
        study_session_record(actor=commune_clerk, scope=scope, unit_code=code,
                             data=StudyData(held_on=date(2025, 9, 3), title=f"Học tập {code}"),
                             document_ids=[seeded["50-CT/TW"].pk], attendee_ids=[])
    body = text(clerk.get("/van-ban/hoc-tap/?unit=DBCS-BD"))
    assert "Học tập CB-DH-1" in body and "Học tập CB-BD-1" not in body
    assert clerk.get("/van-ban/hoc-tap/?unit=CB-SG-1").status_code == 404


def test_coverage_page_shows_a_bounded_number_of_rows(clerk, seeded, monkeypatch):
    from tochuc.documents import views

    monkeypatch.setattr(views, "COVERAGE_PAGE_ROWS", 2)
    body = text(clerk.get(f"/van-ban/{seeded['50-CT/TW'].pk}/hoc-tap/?root=X00004&cap=chi-bo"))
    assert body.split('id="coverage"')[1].count("Chưa học tập") == 2 and "Còn 1 đơn vị nữa" in body
    assert "0/3 đơn vị đã học tập" in body


def test_delete_a_session_recorded_by_mistake(clerk, seeded, people, commune_clerk, other_province_clerk, client):
    from tochuc.conftest import TODAY
    from tochuc.core.scope import scope_for_user
    from tochuc.documents.services import StudyData, study_session_record

    session = study_session_record(actor=commune_clerk, scope=scope_for_user(commune_clerk, TODAY), unit_code="CB-BD-1",
                                   data=StudyData(held_on=date(2025, 9, 3), title="Ghi nhầm"),
                                   document_ids=[seeded["50-CT/TW"].pk], attendee_ids=[people["bd1a"].pk])
    url = f"/van-ban/hoc-tap/{session.pk}/xoa/"
    assert clerk.get(url).status_code == 405
    refused = clerk.post(url, {"reason": " "})
    assert refused.status_code == 400 and "Hãy ghi lý do" in text(refused) and StudySession.objects.exists()
    response = clerk.post(url, {"reason": "ghi trùng"})
    assert response.status_code == 302 and not StudySession.objects.exists()
    entry = AuditEntry.objects.get(action="study.delete")
    assert entry.reason == "ghi trùng" and entry.before["title"] == "Ghi nhầm" and entry.before["attendees"] == 1


def test_writes_outside_scope_are_404(seeded, people, system, other_province_clerk, client):
    from tochuc.documents.services import StudyData, study_session_record

    session = study_session_record(actor=None, scope=system, unit_code="CB-BD-1",
                                   data=StudyData(held_on=date(2025, 9, 3), title="Ba Đình"),
                                   document_ids=[seeded["50-CT/TW"].pk], attendee_ids=[people["bd1a"].pk])
    client.force_login(other_province_clerk)
    assert client.post(f"/van-ban/hoc-tap/{session.pk}/xoa/", {"reason": "x"}).status_code == 404
    assert client.post(f"/van-ban/hoc-tap/{session.pk}/sua/", {"title": "x"}).status_code == 404
    # A central document: readable, not editable from a province.
    assert client.post(f"/van-ban/{seeded['50-CT/TW'].pk}/sua/", {"kind": "Chỉ thị"}).status_code == 403
    assert client.get(f"/van-ban/{seeded['50-CT/TW'].pk}/sua/").status_code == 403
    assert "Sửa thông tin văn bản" not in text(client.get(f"/van-ban/{seeded['50-CT/TW'].pk}/"))
    assert StudySession.objects.filter(title="Ba Đình").exists()
