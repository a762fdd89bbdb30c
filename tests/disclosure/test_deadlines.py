"""Working-day deadlines: the official calendar, the staff override table and 暂定 years."""

from datetime import date

import pytest

from disclosure.deadlines import Calendar, add_working_days, compute_deadline, packaged_years
from disclosure.models import CalendarOverride, CalendarYear, Status
from disclosure.selectors import uncovered_years

from .factories import RequestFactory

pytestmark = pytest.mark.django_db


def test_start_day_is_not_counted():
    # Monday 2026-11-02 + 1 working day is Tuesday.
    assert add_working_days(date(2026, 11, 2), 1) == date(2026, 11, 3)
    assert add_working_days(date(2026, 11, 6), 1) == date(2026, 11, 9)  # Friday → Monday


def test_reply_deadline_skips_mid_autumn_and_national_day_and_counts_make_up_saturdays():
    # Received Friday 2026-09-18. Sunday 09-20 and Saturday 10-10 are make-up working days;
    # 09-25..27 (中秋) and 10-01..07 (国庆) are holidays.
    deadline = compute_deadline(date(2026, 9, 18), 20)
    assert deadline.due == date(2026, 10, 22)
    skipped = dict(deadline.holidays_skipped)
    assert skipped[date(2026, 9, 25)] == "中秋节"
    assert skipped[date(2026, 10, 7)] == "国庆节"
    assert not deadline.provisional


def test_make_up_sunday_september_20_is_a_working_day():
    assert add_working_days(date(2026, 9, 19), 1) == date(2026, 9, 20)


def test_make_up_saturday_october_10_is_a_working_day():
    assert add_working_days(date(2026, 10, 9), 1) == date(2026, 10, 10)


def test_national_day_week_is_skipped():
    assert add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)


def test_year_without_calendar_data_counts_weekdays_and_is_provisional(calendar_ends):
    # Received mid-December 2026; the count runs into 2027, which the calendar does not cover.
    calendar_ends(2026)
    deadline = compute_deadline(date(2026, 12, 15), 20)
    assert deadline.due == date(2027, 1, 12)
    assert deadline.provisional
    assert deadline.provisional_years == [2027]


def test_the_first_year_after_the_installed_calendar_is_provisional():
    """Whatever chinesecalendar release is installed, the year after its last one is 暂定."""
    first_uncovered = max(packaged_years()) + 1
    calendar = Calendar()
    assert calendar.year_is_covered(first_uncovered - 1)
    assert not calendar.year_is_covered(first_uncovered)
    deadline = compute_deadline(date(first_uncovered - 1, 12, 15), 20)
    assert deadline.due.year == first_uncovered
    assert deadline.provisional_years == [first_uncovered]
    assert first_uncovered in uncovered_years(date(first_uncovered - 1, 12, 1))


def test_override_table_extends_an_uncovered_year(calendar_ends):
    calendar_ends(2026)
    CalendarOverride.objects.create(date=date(2027, 1, 1), kind="holiday", name="元旦")
    CalendarYear.objects.create(year=2027, note="国办发明电〔2026〕X号")
    deadline = compute_deadline(date(2026, 12, 15), 20)
    assert deadline.due == date(2027, 1, 13)
    assert not deadline.provisional
    assert (date(2027, 1, 1), "元旦") in deadline.holidays_skipped


def test_override_table_overrides_the_package():
    CalendarOverride.objects.create(date=date(2026, 11, 3), kind="holiday", name="临时休息")
    CalendarOverride.objects.create(date=date(2026, 11, 7), kind="workday", name="调休")
    assert add_working_days(date(2026, 11, 2), 1) == date(2026, 11, 4)
    assert add_working_days(date(2026, 11, 6), 1) == date(2026, 11, 7)


def test_pause_days_are_not_counted():
    # Paused from 2026-11-03 to 2026-11-05 inclusive of the end: 3 working days stop the clock.
    plain = add_working_days(date(2026, 11, 2), 5)
    paused = compute_deadline(date(2026, 11, 2), 5, [(date(2026, 11, 2), date(2026, 11, 5))])
    assert plain == date(2026, 11, 9)
    assert paused.due == date(2026, 11, 12)
    assert len(paused.paused_days) == 3


def test_open_deadlines_are_recomputed_when_staff_change_the_holiday_table(
    client, office_user, django_capture_on_commit_callbacks
):
    request = RequestFactory(received_on=date(2026, 11, 20))
    before = request.reply_due_on
    client.force_login(office_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/snippets/disclosure/calendaroverride/add/",
            {"date": "2026-11-25", "kind": "holiday", "name": "临时休息"},
        )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.PROCESSING
    assert request.reply_due_on == add_working_days(before, 1)

    override = CalendarOverride.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/snippets/disclosure/calendaroverride/delete/{override.pk}/")
    assert not CalendarOverride.objects.exists()
    request.refresh_from_db()
    assert request.reply_due_on == before


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 5), -1)
