"""`tochuc conference points ID FILE` and `tochuc conference totals ID --json`."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command, get_commands

from tochuc.conferences import services
from tochuc.conferences.models import BridgePoint

pytestmark = pytest.mark.django_db


def test_points_from_csv_all_or_nothing(conference, tmp_path, capsys):
    bad = tmp_path / "diem-cau.csv"
    bad.write_text("unit_code,contact_name,contact_phone\nCB-BD-1,Người A,0901\n\nKHONG-CO,Người B,\nCB-BD-2,,\n",
                   encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("conference_points", str(conference.pk), str(bad))
    err = capsys.readouterr().err
    assert (
        "dòng 4, cột mã đơn vị: không có đơn vị «KHONG-CO»" in err
        and "dòng 5, cột người liên hệ: thiếu người liên hệ" in err
    )
    assert BridgePoint.objects.filter(conference=conference).count() == 3
    good = tmp_path / "tot.csv"
    good.write_text("unit_code,contact_name,location\nCB-BD-1,Người A,Nhà văn hóa\nCB-NH-1,Người C,\n",
                    encoding="utf-8")
    call_command("conference_points", str(conference.pk), str(good))
    assert BridgePoint.objects.get(conference=conference, unit__code="CB-BD-1").location == "Nhà văn hóa"
    unknown = tmp_path / "cot.csv"
    unknown.write_text("ma,contact_name\nCB-BD-2,A\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("conference_points", str(conference.pk), str(unknown))
    assert "dòng 1, cột unit_code: thiếu cột bắt buộc" in capsys.readouterr().err


def test_totals_json(conference, points, scopes, province_clerk, capsys):
    services.checkin_record(actor=province_clerk, scope=scopes["hanoi"], point=points["X00004"], guest_name="Khách")
    services.bridge_point_report_count(actor=province_clerk, scope=scopes["hanoi"], point=points["CB-DH-1"], count=9)
    assert {"conference_totals", "conference_points"} <= set(get_commands())  # `tochuc conference totals …`
    call_command("conference_totals", str(conference.pk), "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["overall"] == {"points": 3, "connected": 2, "registered": 1, "checked_in": 1, "present": 10}
    assert data["by_level"]["branch"]["present"] == 9 and list(data["by_level"]) == ["commune", "branch"]
    with pytest.raises(CommandError):
        call_command("conference_totals", "999999")
