"""Registry and study-session services: checks, scope, audit, coverage."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tochuc.audit.models import AuditEntry
from tochuc.conftest import TODAY
from tochuc.core.scope import scope_for_user
from tochuc.documents import selectors, services
from tochuc.documents.models import Document, StudyAttendance, StudySession
from tochuc.documents.services import DocumentData, StudyData
from tochuc.domain.citations import extract_citations
from tochuc.orgs.selectors import unit_get

pytestmark = pytest.mark.django_db


def scope_of(user):
    return scope_for_user(user, TODAY)


def data(**changes) -> DocumentData:
    base = {"kind": "Kế hoạch", "number": 12, "issuer_code": "TU", "issuing_body": "Thành ủy Hà Nội",
            "issued_on": date(2025, 9, 1), "subject": "tổ chức học tập Chỉ thị 50"}
    return DocumentData(**(base | changes))


def test_create_normalizes_the_code_and_audits(province_clerk):
    scope = scope_of(province_clerk)
    document = services.document_create(actor=province_clerk, scope=scope, owner_code="T01",
                                        data=data(code="12 – KH / TU", number=None, issuer_code=""), reason="nhập sổ")
    assert (document.code, document.kind_code, document.number, document.issuer_code) == ("12-KH/TU", "KH", 12, "TU")
    entry = AuditEntry.objects.get(action="document.create")
    assert entry.object_id == str(document.pk) and entry.reason == "nhập sổ" and entry.after["code"] == "12-KH/TU"


def test_identity_is_code_and_date(province_clerk):
    scope = scope_of(province_clerk)
    services.document_create(actor=province_clerk, scope=scope, owner_code="T01", data=data())
    services.document_create(actor=province_clerk, scope=scope, owner_code="T01", data=data(issued_on=date(2026, 1, 5)))
    with pytest.raises(ValidationError) as exc:
        services.document_create(actor=province_clerk, scope=scope, owner_code="T01", data=data())
    assert "code" in exc.value.message_dict and Document.objects.count() == 2


def test_bad_input_names_every_field_and_writes_nothing(province_clerk):
    with pytest.raises(ValidationError) as exc:
        services.document_create(actor=province_clerk, scope=scope_of(province_clerk), owner_code="T01",
                                 data=data(kind="Thư", number=None, issuer_code="", issuing_body=" ", issued_on=None))
    assert {"kind", "number", "issuer_code", "issuing_body", "issued_on"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:
        services.document_create(actor=province_clerk, scope=scope_of(province_clerk), owner_code="T01",
                                 data=data(code="12-CT/TU"))  # a Chỉ thị code for a Kế hoạch
    assert "code" in exc.value.message_dict
    assert not Document.objects.exists() and not AuditEntry.objects.filter(action="document.create").exists()


def test_owner_must_be_in_scope_and_role_must_write(province_clerk, other_province_clerk, small_tree):
    with pytest.raises(ValidationError):
        services.document_create(actor=province_clerk, scope=scope_of(province_clerk), owner_code="T79", data=data())
    from tochuc.conftest import make_user

    viewer = make_user("xem", "viewer", ["T01"])
    with pytest.raises(PermissionDenied):
        services.document_create(actor=viewer, scope=scope_of(viewer), owner_code="T01", data=data())


def test_visibility_scope_and_superiors(seeded, province_clerk, other_province_clerk, commune_clerk):
    hanoi = services.document_create(actor=province_clerk, scope=scope_of(province_clerk), owner_code="T01",
                                     data=data())
    # The commune sees the central documents and its province's; Hồ Chí Minh City sees only the central ones.
    commune = {d.code for d in selectors.document_search(scope=scope_of(commune_clerk))}
    saigon = {d.code for d in selectors.document_search(scope=scope_of(other_province_clerk))}
    assert "12-KH/TU" in commune and "294-QĐ/TW" in commune
    assert "12-KH/TU" not in saigon and "294-QĐ/TW" in saigon
    with pytest.raises(Document.DoesNotExist):
        selectors.document_get(scope=scope_of(other_province_clerk), document_id=hanoi.pk)
    # A central document is read, not edited, below.
    with pytest.raises(PermissionDenied):
        services.document_update(actor=commune_clerk, scope=scope_of(commune_clerk), document=seeded["294-QĐ/TW"],
                                 data=data(kind="Quy định", number=294, issuer_code="TW"))


def test_update_and_replaces(province_clerk):
    scope = scope_of(province_clerk)
    old = services.document_create(actor=province_clerk, scope=scope, owner_code="T01", data=data())
    new = services.document_create(actor=province_clerk, scope=scope, owner_code="T01",
                                   data=data(number=30, issued_on=date(2026, 1, 2)), replaces=[old.pk])
    replaces, replaced_by = selectors.document_relations(scope=scope, document=old)
    assert replaces == [] and replaced_by == [new]
    services.document_update(actor=province_clerk, scope=scope, document=new,
                             data=data(number=30, issued_on=date(2026, 1, 2), subject="sửa trích yếu"), replaces=[])
    new.refresh_from_db()
    assert new.subject == "sửa trích yếu" and not new.replaces.exists()
    entry = AuditEntry.objects.get(action="document.update")
    assert entry.before["subject"] == "tổ chức học tập Chỉ thị 50" and entry.after["subject"] == "sửa trích yếu"
    with pytest.raises(ValidationError):  # not itself
        services.document_update(actor=province_clerk, scope=scope, document=new,
                                 data=data(number=30, issued_on=date(2026, 1, 2)), replaces=[new.pk])


def test_seed_is_idempotent(seeded, system):
    from tochuc.documents.seed import SEED, seed_documents

    assert len(seeded) == len(SEED) and seed_documents(scope=system, owner_code="TW") == 0


def test_citations_link_to_the_registry(seeded, commune_clerk):
    text = (
        "quán triệt Quy định số 294 ngày 6/5/2025 của Ban Chấp hành Trung ương và Chỉ thị số 50 ngày 23/7/2025 "
        "của Ban Bí thư, Kết luận số 06-KL/BTCTW")
    matches = selectors.match_citations(scope=scope_of(commune_clerk), citations=extract_citations(text))
    by_code = {m.citation.code: m for m in matches}
    assert by_code["50-CT/TW"].document == seeded["50-CT/TW"]
    # The text misquotes the date of Quy định 294 (26/5/2025): not the same document, offered as near.
    assert by_code["294-QĐ/TW"].documents == [] and by_code["294-QĐ/TW"].near == [seeded["294-QĐ/TW"]]
    assert by_code["06-KL/BTCTW"].documents == [] and by_code["06-KL/BTCTW"].near == []


def test_add_unknown_citations_all_or_nothing(province_clerk):
    scope = scope_of(province_clerk)
    items = [data(), data(number=13)]
    created = services.documents_create_many(actor=province_clerk, scope=scope, owner_code="T01", items=items)
    assert sorted(d.code for d in created) == ["12-KH/TU", "13-KH/TU"]
    assert AuditEntry.objects.filter(action="document.create").count() == 2
    with pytest.raises(ValidationError):
        services.documents_create_many(actor=province_clerk, scope=scope, owner_code="T01",
                                       items=[data(number=14), data()])  # 12 exists already
    assert Document.objects.count() == 2


# --- Study sessions -------------------------------------------------------------------------------


def study(**changes) -> StudyData:
    return StudyData(**({"held_on": date(2025, 9, 3), "title": "Học tập Chỉ thị 50"} | changes))


def test_record_a_session_with_members_of_the_unit(seeded, people, commune_clerk):
    scope = scope_of(commune_clerk)
    session = services.study_session_record(
        actor=commune_clerk, scope=scope, unit_code="CB-BD-1", data=study(),
        document_ids=[seeded["50-CT/TW"].pk], attendee_ids=[people["bd1a"].pk, people["bd1b"].pk])
    assert StudyAttendance.objects.filter(session=session).count() == 2
    entry = AuditEntry.objects.get(action="study.record")
    assert entry.after["attendees"] == 2 and entry.after["documents"] == ["50-CT/TW"]
    # A đảng bộ's session may have members of its whole subtree.
    services.study_session_record(actor=commune_clerk, scope=scope, unit_code="X00004", data=study(),
                                  document_ids=[seeded["50-CT/TW"].pk],
                                  attendee_ids=[people["bd1a"].pk, people["bd2"].pk, people["dh"].pk])


def test_session_rejects_strangers_and_bad_input(seeded, people, commune_clerk):
    scope = scope_of(commune_clerk)
    with pytest.raises(ValidationError) as exc:
        services.study_session_record(actor=commune_clerk, scope=scope, unit_code="CB-BD-1", data=study(),
                                      document_ids=[seeded["50-CT/TW"].pk], attendee_ids=[people["bd2"].pk])
    assert "attendees" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:  # CB-DH-1's member joined on 15/8, the session was 3/8
        services.study_session_record(actor=commune_clerk, scope=scope, unit_code="CB-DH-1",
                                      data=study(held_on=date(2025, 8, 3)), document_ids=[seeded["50-CT/TW"].pk],
                                      attendee_ids=[people["dh"].pk])
    assert "attendees" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.study_session_record(actor=commune_clerk, scope=scope, unit_code="CB-BD-1",
                                      data=study(held_on=None, title=""), document_ids=[], attendee_ids=[])
    assert {"held_on", "title", "documents"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError):  # another commune's branch
        services.study_session_record(actor=commune_clerk, scope=scope, unit_code="CB-NH-1", data=study(),
                                      document_ids=[seeded["50-CT/TW"].pk], attendee_ids=[])
    assert not StudySession.objects.exists()


def test_update_replaces_the_attendance(seeded, people, commune_clerk):
    scope = scope_of(commune_clerk)
    session = services.study_session_record(actor=commune_clerk, scope=scope, unit_code="CB-BD-1", data=study(),
                                            document_ids=[seeded["50-CT/TW"].pk], attendee_ids=[people["bd1a"].pk])
    services.study_session_update(actor=commune_clerk, scope=scope, session=session, data=study(title="Sửa tên"),
                                  document_ids=[seeded["50-CT/TW"].pk, seeded["294-QĐ/TW"].pk],
                                  attendee_ids=[people["bd1b"].pk])
    assert list(StudyAttendance.objects.filter(session=session).values_list("member_id",
                                                                            flat=True)) == [people["bd1b"].pk]
    assert session.documents.count() == 2 and AuditEntry.objects.filter(action="study.update").count() == 1


def test_coverage_of_branches_and_communes(seeded, people, province_clerk, django_assert_max_num_queries):
    scope = scope_of(province_clerk)
    chi_thi = seeded["50-CT/TW"]
    services.study_session_record(actor=province_clerk, scope=scope, unit_code="CB-BD-1", data=study(),
                                  document_ids=[chi_thi.pk], attendee_ids=[people["bd1a"].pk])
    services.study_session_record(actor=province_clerk, scope=scope, unit_code="X00008", data=study(),
                                  document_ids=[chi_thi.pk, seeded["294-QĐ/TW"].pk], attendee_ids=[people["nh"].pk])
    root = unit_get(scope=scope, code="T01")
    with django_assert_max_num_queries(6):
        report = selectors.coverage(scope=scope, document=chi_thi, root=root, kinds=selectors.COVERAGE_LEVELS["chi-bo"])
    rows = {r.version.unit.code: r for r in report.rows}
    assert set(rows) == {"CB-BD-1", "CB-BD-2", "CB-DH-1", "CB-NH-1"}  # no Hồ Chí Minh City branch
    assert [r.version.unit.code for r in report.missing] == ["CB-BD-2", "CB-DH-1", "CB-NH-1"]
    assert (rows["CB-BD-1"].members, rows["CB-BD-1"].attended, rows["CB-BD-1"].attendance_rate) == (2, 1, 50.0)
    assert rows["CB-NH-1"].attended == 1  # studied with the commune's session
    communes = selectors.coverage(scope=scope, document=chi_thi, root=root, kinds=selectors.COVERAGE_LEVELS["xa"])
    rows = {r.version.unit.code: r for r in communes.rows}
    assert rows["X00008"].studied and not rows["X00004"].studied
    assert (rows["X00004"].members, rows["X00004"].attended) == (4, 1)
    other = selectors.coverage(scope=scope, document=seeded["190-QĐ/TW"], root=root,
                               kinds=selectors.COVERAGE_LEVELS["xa"])
    assert len(other.missing) == 2


def test_coverage_query_count_does_not_grow_with_the_tree(seeded, province_clerk, system,
                                                          django_assert_max_num_queries):
    import io

    from tochuc.orgs.services import units_import

    rows = "\n".join(f"CB-BD-X{n},Chi bộ thêm {n},branch,X00004,2025-07-01," for n in range(60))
    units_import(actor=None, scope=system,
                 stream=io.StringIO("code,name,kind,parent_code,valid_from,admin_code\n" + rows + "\n"),
                 source="test")
    scope = scope_of(province_clerk)
    with django_assert_max_num_queries(6):
        report = selectors.coverage(scope=scope, document=seeded["50-CT/TW"], root=unit_get(scope=scope, code="T01"),
                                    kinds=selectors.COVERAGE_LEVELS["chi-bo"])
    assert len(report.missing) == 64


def test_registry_of_a_dissolved_unit_stays_readable_above_it(province_clerk, commune_clerk, system):
    from tochuc.orgs.models import UnitVersion

    document = services.document_create(actor=None, scope=system, owner_code="CB-BD-2", data=data(
        kind="Nghị quyết", number=3, issuer_code="CB", issuing_body="Chi bộ Khu phố 2"))
    UnitVersion.objects.filter(unit__code="CB-BD-2").update(valid_to=date(2025, 12, 31))  # dissolved
    assert selectors.document_get(scope=scope_of(province_clerk), document_id=document.pk) == document
    assert selectors.document_get(scope=scope_of(commune_clerk), document_id=document.pk) == document


def test_coverage_as_of_a_date_ignores_later_sessions(seeded, people, province_clerk):
    scope = scope_of(province_clerk)
    services.study_session_record(actor=province_clerk, scope=scope, unit_code="CB-BD-1", data=study(),
                                  document_ids=[seeded["50-CT/TW"].pk], attendee_ids=[people["bd1a"].pk])
    earlier = scope.at(date(2025, 9, 1))
    report = selectors.coverage(scope=earlier, document=seeded["50-CT/TW"], root=unit_get(scope=earlier, code="X00004"),
                                kinds=selectors.COVERAGE_LEVELS["chi-bo"])
    rows = {r.version.unit.code: r for r in report.rows}
    assert not rows["CB-BD-1"].studied and rows["CB-BD-1"].attended == 0
