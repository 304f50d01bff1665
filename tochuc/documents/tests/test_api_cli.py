"""Document API routes and the `tochuc docs …` commands."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tochuc.accounts.services import api_token_create
from tochuc.documents.models import Document

SAMPLES = Path(__file__).resolve().parents[2] / "domain" / "tests" / "samples"


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {api_token_create(actor=None, user=user)}"}


@pytest.mark.django_db
def test_api_search_get_create_extract(client, seeded, province_clerk, other_province_clerk):
    auth = bearer(province_clerk)
    hits = client.get("/api/v1/documents?q=sinh+hoat+chi+bo", headers=auth).json()
    assert [h["code"] for h in hits] == ["50-CT/TW"]
    created = client.post("/api/v1/documents", json.dumps({
        "owner": "T01", "kind": "Kế hoạch", "code": "12-KH/TU", "issuing_body": "Thành ủy Hà Nội",
        "issued_on": "2025-09-03", "replaces": []}), content_type="application/json", headers=auth)
    assert created.status_code == 201 and created.json()["code"] == "12-KH/TU"
    document_id = created.json()["id"]
    assert client.get(f"/api/v1/documents/{document_id}", headers=auth).json()["owner"] == "T01"
    # Another province: 404, and it cannot add to Hà Nội's registry.
    other = bearer(other_province_clerk)
    assert client.get(f"/api/v1/documents/{document_id}", headers=other).status_code == 404
    refused = client.post("/api/v1/documents", json.dumps({
        "owner": "T01", "kind": "Kế hoạch", "code": "13-KH/TU", "issuing_body": "Thành ủy Hà Nội",
        "issued_on": "2025-09-03"}), content_type="application/json", headers=other)
    assert refused.status_code == 400 and "T01" in refused.json()["detail"]
    found = client.post("/api/v1/documents/extract", json.dumps({"text": "Chỉ thị số 50-CT/TW ngày 23/7/2025"}),
                        content_type="application/json", headers=other).json()
    assert found == [{"code": "50-CT/TW", "kind": "Chỉ thị", "number": 50, "issued_on": "2025-07-23", "issuer": None,
                      "subject": None, "start": 0, "end": 34, "documents": [seeded["50-CT/TW"].pk]}]


@pytest.mark.django_db
def test_api_coverage(client, seeded, people, province_clerk, commune_clerk):
    from tochuc.conftest import TODAY
    from tochuc.core.scope import scope_for_user
    from tochuc.documents.services import StudyData, study_session_record

    study_session_record(actor=province_clerk, scope=scope_for_user(province_clerk, TODAY), unit_code="CB-BD-1",
                         data=StudyData(held_on=date(2025, 9, 3), title="Học tập"),
                         document_ids=[seeded["50-CT/TW"].pk], attendee_ids=[people["bd1a"].pk])
    url = f"/api/v1/documents/{seeded['50-CT/TW'].pk}/coverage?root=X00004&level=chi-bo&missing_only=true"
    rows = client.get(url, headers=bearer(commune_clerk)).json()
    assert [r["code"] for r in rows] == ["CB-BD-2", "CB-DH-1"]
    assert client.get(url.replace("X00004", "X00008"), headers=bearer(commune_clerk)).status_code == 404


def test_extract_command_prints_one_json_list_per_file(tmp_path):
    noisy = tmp_path / "ban-sao.txt"
    noisy.write_text("Thực hiện Chỉ thị số 05 – CT / TW ngày 15-5-2016 của Bộ Chính trị về đẩy mạnh học tập.\n",
                     encoding="utf-8")
    out = io.StringIO()
    call_command("docs_extract", str(SAMPLES / "report-2022-q3-thua-thien-hue.txt"),
                 str(SAMPLES / "report-2025-dang-bo-chinh-phu.txt"), str(noisy), "--json", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    first, second, third = (json.loads(line) for line in lines)
    assert [c["code"] for c in first] == ["06-KL/BTCTW"]
    assert [c["code"] for c in second] == ["294-QĐ/TW", "06-HD/TW", "50-CT/TW"]
    assert third == [{"code": "05-CT/TW", "kind": "Chỉ thị", "number": 5, "issued_on": "2016-05-15",
                      "issuer": "Bộ Chính trị", "subject": "đẩy mạnh học tập", "start": 10,
                      "end": len("Thực hiện Chỉ thị số 05 – CT / TW ngày 15-5-2016 của Bộ Chính trị")}]
    assert set(first[0]) == {"code", "kind", "number", "issued_on", "issuer", "subject", "start", "end"}


def test_extract_command_errors(tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("docs_extract", str(tmp_path / "khong-co.txt"), "--json")
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Chỉ thị".encode("utf-16"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("docs_extract", str(bad))


def test_extract_command_through_the_console_script(tmp_path):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "tochuc.cli", "docs", "extract",
                             str(SAMPLES / "report-2022-q3-thua-thien-hue.txt"), "--json"],
                            capture_output=True, text=True, check=True,
                            env={"PATH": "/usr/bin:/bin", "TOCHUC_DATA_DIR": str(tmp_path),
                                 "TOCHUC_SECRET_KEY": "tochuc-tests-only-not-a-secret"})
    assert json.loads(result.stdout)[0]["code"] == "06-KL/BTCTW"


@pytest.mark.django_db
def test_seed_command_is_idempotent(small_tree):
    out = io.StringIO()
    call_command("docs_seed", stdout=out)
    assert "thêm 7 văn bản" in out.getvalue()
    out = io.StringIO()
    call_command("docs_seed", stdout=out)
    assert "đã đủ" in out.getvalue() and Document.objects.count() == 7


@pytest.mark.django_db
def test_api_study_sessions(client, seeded, people, commune_clerk, other_province_clerk):
    auth = bearer(commune_clerk)
    created = client.post("/api/v1/study-sessions", json.dumps({
        "unit": "CB-BD-1", "held_on": "2025-09-03", "title": "Học tập Chỉ thị 50",
        "documents": [seeded["50-CT/TW"].pk], "attendees": [people["bd1a"].pk]}),
        content_type="application/json", headers=auth)
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["unit"], body["documents"], body["attendees"]) == ("CB-BD-1", [seeded["50-CT/TW"].pk],
                                                                    [people["bd1a"].pk])
    listed = client.get(f"/api/v1/study-sessions?document_id={seeded['50-CT/TW'].pk}&unit=X00004", headers=auth).json()
    assert [s["id"] for s in listed] == [body["id"]]
    other = bearer(other_province_clerk)
    assert client.get(f"/api/v1/study-sessions/{body['id']}", headers=other).status_code == 404
    assert client.get("/api/v1/study-sessions", headers=other).json() == []
    refused = client.post("/api/v1/study-sessions", json.dumps({
        "unit": "CB-BD-1", "held_on": "2025-09-03", "title": "x", "documents": [seeded["50-CT/TW"].pk],
        "attendees": [people["sg"].pk]}), content_type="application/json", headers=auth)
    assert refused.status_code == 400 and "attendees" in refused.json()["detail"]


@pytest.mark.django_db
def test_init_demo_seeds_the_registry():
    out = io.StringIO()
    call_command("init", "--demo", stdout=out)
    assert "Sổ văn bản: thêm 7 văn bản." in out.getvalue()
    assert Document.objects.get(code="294-QĐ/TW").owner.code == "TW"


@pytest.mark.django_db
def test_coverage_command(seeded, people, system, tmp_path):
    from tochuc.documents.services import StudyData, study_session_record

    study_session_record(actor=None, scope=system, unit_code="X00008",
                         data=StudyData(held_on=date(2025, 9, 3), title="Quán triệt"),
                         document_ids=[seeded["50-CT/TW"].pk], attendee_ids=[people["nh"].pk])
    out = io.StringIO()
    sheet = tmp_path / "chua.xlsx"
    call_command("docs_coverage", "50 – CT / TW", "--root", "TW", "--level", "xa", "--missing", "--json",
                 "--xlsx", str(sheet), "--date", "2026-01-15", stdout=out)
    rows = json.loads(out.getvalue())
    assert [r["code"] for r in rows] == ["X00004", "X26734"] and rows[0]["members"] == 4
    from openpyxl import load_workbook

    assert [row[1] for row in load_workbook(sheet).active.iter_rows(min_row=2, values_only=True)] == ["X00004",
                                                                                                      "X26734"]
    with pytest.raises(CommandError, match="không phải số, ký hiệu"):
        call_command("docs_coverage", "Nghị quyết", "--root", "TW")
    with pytest.raises(CommandError, match="Không có văn bản 99-CT/TW"):
        call_command("docs_coverage", "99-CT/TW", "--root", "TW")
