"""A conference of Hà Nội (host: the province clerk) with bridge points at two communes and a
branch; members and guests registered."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tochuc.conferences import services
from tochuc.conftest import TODAY
from tochuc.core.scope import scope_for_user
from tochuc.members.tests.factories import admit as admit_member

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def scopes(province_clerk, commune_clerk, other_province_clerk):
    return {u.username: scope_for_user(u, TODAY) for u in (province_clerk, commune_clerk, other_province_clerk)}


@pytest.fixture
def members(small_tree, system):
    def admit(code, name):
        return admit_member(system, name, code, birth=date(1980, 1, 1))

    return {"an": admit("CB-BD-1", "Nguyễn Văn An"), "binh": admit("CB-BD-2", "Trần Thị Bình"),
            "cuong": admit("CB-NH-1", "Lê Văn Cường"), "sg": admit("CB-SG-1", "Phạm Văn Sài Gòn")}


@pytest.fixture
def conference(scopes, province_clerk, members):
    host = scopes["hanoi"]
    conference = services.conference_create(
        actor=province_clerk, scope=host, organizer_code="T01", title="Hội nghị quán triệt Nghị quyết",
        starts_at=datetime(2026, 1, 15, 8, 0, tzinfo=HANOI), host_site="Hội trường Thành ủy Hà Nội",
        video_link="https://hop.example.vn/hn-2026")
    services.bridge_points_add(actor=province_clerk, scope=host, conference=conference, rows=[
        services.PointRow("X00004", "Đỗ Thị Liên", "0241234567"),
        services.PointRow("X00008", "Hoàng Văn Nam"),
        services.PointRow("CB-DH-1", "Vũ Thị Hạnh", location="Phòng 201"),
    ])
    return conference


@pytest.fixture
def points(conference):
    from tochuc.conferences.models import BridgePoint

    return {p.unit.code: p for p in BridgePoint.objects.filter(conference=conference).select_related("unit",
                                                                                                     "conference")}
