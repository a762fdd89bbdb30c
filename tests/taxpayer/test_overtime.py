"""延时服务登记台账 (seed 001 四（三）): time per person, accumulated for 调休 away from peaks."""

from datetime import date, time
from decimal import Decimal

import pytest

from portal.errors import RuleViolation
from taxpayer import selectors
from taxpayer.models import PeakPeriod
from taxpayer.services import overtime as o

pytestmark = pytest.mark.django_db


def test_hours_accumulate_per_person_and_flag_leave_when_a_day_is_reached(
    clock, hall, hall_user, service_user
):
    clock.set(2026, 11, 20, 19)
    for day in (16, 17, 18, 19, 20):
        o.overtime_record(
            staff=hall_user,
            worked_on=date(2026, 11, day),
            starts_at=time(17, 0),
            ends_at=time(18, 30),
            hall_id=hall.pk,
            actor=hall_user,
        )
    o.overtime_record(
        staff=service_user,
        worked_on=date(2026, 11, 20),
        starts_at=time(17, 0),
        ends_at=time(17, 40),
        actor=hall_user,
    )
    totals = {t.user_id: t for t in selectors.overtime_totals()}
    mine = totals[hall_user.pk]
    assert (mine.records, mine.worked_minutes, mine.leave_due) == (5, 450, False)
    o.overtime_record(
        staff=hall_user,
        worked_on=date(2026, 11, 20),
        starts_at=time(18, 30),
        ends_at=time(19, 0),
        actor=hall_user,
    )
    mine = {t.user_id: t for t in selectors.overtime_totals()}[hall_user.pk]
    assert (mine.worked_hours, mine.leave_due) == (8.0, True)
    assert totals[service_user.pk].worked_minutes == 40


def test_leave_avoids_peak_periods_and_cannot_exceed_the_balance(clock, hall, hall_user):
    clock.set(2026, 11, 20, 19)
    o.overtime_record(
        staff=hall_user,
        worked_on=date(2026, 11, 20),
        starts_at=time(17, 0),
        ends_at=time(20, 0),
        actor=hall_user,
    )
    PeakPeriod.objects.create(
        name="12月申报期", starts_on=date(2026, 12, 1), ends_on=date(2026, 12, 15)
    )
    with pytest.raises(RuleViolation, match="调休时间应避开办税高峰期"):
        o.leave_record(
            staff=hall_user, leave_on=date(2026, 12, 2), hours=Decimal(2), actor=hall_user
        )
    with pytest.raises(RuleViolation, match="余额（3.0小时）"):
        o.leave_record(
            staff=hall_user, leave_on=date(2026, 11, 27), hours=Decimal(4), actor=hall_user
        )
    o.leave_record(
        staff=hall_user, leave_on=date(2026, 11, 27), hours=Decimal("2.5"), actor=hall_user
    )
    assert selectors.overtime_balance_minutes(hall_user) == 30


def test_bad_records_are_refused(clock, hall, hall_user, levy_user):
    clock.set(2026, 11, 20, 19)
    with pytest.raises(RuleViolation, match="结束时间应晚于开始时间"):
        o.overtime_record(
            staff=hall_user,
            worked_on=date(2026, 11, 20),
            starts_at=time(18, 0),
            ends_at=time(17, 0),
            actor=hall_user,
        )
    with pytest.raises(RuleViolation, match="不能晚于今天"):
        o.overtime_record(
            staff=hall_user,
            worked_on=date(2026, 11, 21),
            starts_at=time(17, 0),
            ends_at=time(18, 0),
            actor=hall_user,
        )
    with pytest.raises(RuleViolation, match="只有办税服务厅工作人员"):
        o.overtime_record(
            staff=hall_user,
            worked_on=date(2026, 11, 20),
            starts_at=time(17, 0),
            ends_at=time(18, 0),
            actor=levy_user,
        )


def test_the_ledger_page_records_and_lists(client, clock, hall, hall_user):
    clock.set(2026, 11, 20, 19)
    client.force_login(hall_user)
    response = client.post(
        "/admin/taxpayer/overtime/",
        {
            "kind": "overtime",
            "overtime-staff": hall_user.pk,
            "overtime-hall_id": hall.pk,
            "overtime-worked_on": "2026-11-20",
            "overtime-starts_at": "17:00",
            "overtime-ends_at": "18:15",
            "overtime-taxpayers_served": "3",
            "overtime-note": "等候的3户申报",
        },
    )
    assert response.status_code == 302
    page = client.get("/admin/taxpayer/overtime/").content.decode()
    assert "等候的3户申报" in page and "<td>75</td>" in page
    bad = client.post(
        "/admin/taxpayer/overtime/",
        {
            "kind": "overtime",
            "overtime-staff": hall_user.pk,
            "overtime-worked_on": "2026-11-20",
            "overtime-starts_at": "18:00",
            "overtime-ends_at": "17:00",
            "overtime-taxpayers_served": "1",
        },
    )
    assert bad.status_code == 400 and "延时结束时间应晚于开始时间" in bad.content.decode()
