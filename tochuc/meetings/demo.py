"""Demo branch meetings: a year of monthly meetings (a thematic session in each quarter's last
month) for the branches of a subtree, with attendance for their members on each day.

Realistic shape, seeded: most branches meet every month on the 3rd (some a few days later), a
few miss a month or hold their thematic session separately; about 97% of members attend (88% in the
careless branches), most absences are excused with an everyday reason, a few are not. Everything is written set-based
(one bulk insert of meetings, one of attendance rows, one audit row).
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, time

from django.db import transaction
from django.utils import timezone

from tochuc.audit.services import audit_record
from tochuc.core import changes
from tochuc.core.bulk import allocate_ids, bulk_insert
from tochuc.core.scope import Scope
from tochuc.domain import meetings as rules
from tochuc.domain import orgs as org_rules
from tochuc.domain.meetings import Month
from tochuc.meetings.models import Attendance, Meeting, MeetingStatus
from tochuc.meetings.services import MEETING_FIELDS
from tochuc.members.models import Membership, MembershipKind
from tochuc.orgs.selectors import scoped_versions

REASONS = ("Ốm", "Đi công tác", "Con ốm", "Đi học", "Việc gia đình", "Trực cơ quan")
TOPICS = ("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "Chuyển đổi số trong công tác Đảng",
          "Nâng cao chất lượng sinh hoạt chi bộ", "Phát triển đảng viên ở khu dân cư")


def _members_by_branch(unit_ids: list[int], first: date, last: date) -> dict[int, list[tuple[int, date, date | None]]]:
    """Primary memberships of the branches overlapping ``[first, last]`` (one query per 30,000 branches)."""
    found: dict[int, list] = defaultdict(list)
    for start in range(0, len(unit_ids), 30_000):
        rows = (Membership.objects.filter(unit_id__in=unit_ids[start : start + 30_000], kind=MembershipKind.PRIMARY,
                                          valid_from__lte=last, member__exempted=False)
                .exclude(valid_to__lte=first).values_list("unit_id", "member_id", "valid_from", "valid_to"))
        for unit_id, member_id, valid_from, valid_to in rows:
            found[unit_id].append((member_id, valid_from, valid_to))
    return found


@transaction.atomic
def demo_meetings(*, scope: Scope, months: int = 12, seed: int = 2025, today: date | None = None) -> tuple[int, int]:
    """Meetings for the last ``months`` full months in every branch of the scope that has none in
    that period yet; returns (meetings, attendance rows) written."""
    today = today or timezone.localdate()
    end = Month.of(today) + -1
    start = end + -(months - 1)
    rng = random.Random(seed)
    branches = list(scoped_versions(scope).filter(kind__in=org_rules.BRANCH_KINDS)
                    .values_list("unit_id", "valid_from").order_by("path"))
    taken = set(Meeting.objects.filter(unit_id__in=[b for b, _f in branches], planned_month__gte=start.index,
                                       planned_month__lte=end.index).values_list("unit_id", flat=True).distinct())
    branches = [(b, since) for b, since in branches if b not in taken]
    members = _members_by_branch([b for b, _f in branches], start.first_day, end.last_day)
    plans = []  # (unit_id, kind, day, topic, roster, share present)
    for unit_id, since in branches:
        careless = rng.random() < 0.1  # a few branches skip meetings and sessions, and attend less
        attending = 0.88 if careless else 0.975
        for month in rules.months_between(start, end):
            if month.first_day < since or (careless and rng.random() < 0.3):
                continue
            day = date(month.year, month.month, 3 if rng.random() < 0.8 else rng.randint(4, 10))
            thematic = month.month % 3 == 0 and not (careless and rng.random() < 0.5)
            roster = [m for m, valid_from, valid_to in members.get(unit_id, ())
                      if valid_from <= day and (valid_to is None or valid_to > day)]
            if not roster:
                continue
            plans.append((unit_id, rules.THEMATIC if thematic else rules.MONTHLY, day,
                          rng.choice(TOPICS) if thematic else "", roster, attending))
    ids = allocate_ids(Meeting, len(plans))
    now = timezone.now()
    meeting_rows, attendance_rows = [], []
    for meeting_id, (unit_id, kind, day, topic, roster, attending) in zip(ids, plans, strict=True):
        counts = {rules.PRESENT: 0, rules.EXCUSED: 0, rules.ABSENT: 0}
        for member_id in roster:
            draw = rng.random()
            status = rules.PRESENT if draw < attending else rules.EXCUSED if draw < 0.995 else rules.ABSENT
            counts[status] += 1
            attendance_rows.append((meeting_id, member_id, status,
                                    rng.choice(REASONS) if status == rules.EXCUSED else "",
                                    time(7, 30).isoformat() if status == rules.PRESENT else None, now))
        minutes = 120 if kind == rules.THEMATIC else rng.choice((90, 95, 100, 110))
        meeting_rows.append((meeting_id, unit_id, kind, MeetingStatus.HELD, day, Month.of(day).index, topic,
                             '["Điểm danh", "Đánh giá kết quả tháng trước", "Nhiệm vụ tháng tới"]', day,
                             Month.of(day).index, time(8, 0).isoformat(), minutes, "", "",
                             "Chi bộ sinh hoạt đủ nội dung theo hướng dẫn.", '["Thông qua nghị quyết tháng"]',
                             rng.choice(("tot", "tot", "kha", "trung_binh")), len(roster), counts[rules.PRESENT],
                             counts[rules.EXCUSED], counts[rules.ABSENT], now, now, None, now))
    bulk_insert(Meeting, ["id", *MEETING_FIELDS], meeting_rows)
    bulk_insert(Attendance, ["meeting", "member", "status", "reason", "arrived_at", "recorded_at"], attendance_rows)
    # Demo meetings count on the dashboard like recorded ones: its kept compliance must follow.
    changes.touched(units={plan[0] for plan in plans}, kinds=[changes.MEETINGS])
    audit_record(actor=None, action="meeting.demo", object_type="meetings.meeting", object_id="",
                 object_repr=f"{len(meeting_rows)} buổi sinh hoạt mẫu {start}–{end}",
                 after={"meetings": len(meeting_rows), "attendance": len(attendance_rows)}, reason="Dữ liệu mẫu")
    return len(meeting_rows), len(attendance_rows)
