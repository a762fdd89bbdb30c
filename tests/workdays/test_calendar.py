"""Working-day deadlines: the official calendar, the staff override table and 暂定 years."""

from datetime import date

import chinese_calendar
import pytest

from workdays.calendar import (
    Calendar,
    add_working_days,
    compute_deadline,
    package_covers,
    statutory_holidays,
)
from workdays.models import CalendarOverride, CalendarYear

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


def test_year_without_calendar_data_skips_new_year_and_is_provisional(calendar_ends):
    # Received mid-December 2026; the count runs into 2027, which the data does not cover:
    # weekdays count, but 元旦 (fixed by 《全国年节及纪念日放假办法》) is never a working day.
    calendar_ends(2026)
    deadline = compute_deadline(date(2026, 12, 15), 20)
    assert deadline.due == date(2027, 1, 13)
    assert deadline.provisional
    assert deadline.provisional_years == [2027]
    assert (date(2027, 1, 1), "元旦") in deadline.holidays_skipped


def test_uncovered_year_skips_the_lunar_spring_festival(calendar_ends):
    # 2027: 除夕 is Friday 5 February, 正月初一 Saturday 6 February … 初三 Monday 8 February.
    calendar_ends(2026)
    deadline = compute_deadline(date(2027, 2, 4), 2)
    assert deadline.due == date(2027, 2, 10)
    assert [name for _, name in deadline.holidays_skipped] == ["春节"] * 4
    assert deadline.provisional


@pytest.mark.parametrize("year", [y for y in (2025, 2026, 2027, 2028) if package_covers(y)])
def test_statutory_holidays_agree_with_the_published_arrangements(year):
    """Every day the law fixes is a holiday in each arrangement the State Council published
    since the 2024 revision took effect (2025)."""
    for day, name in statutory_holidays(year).items():
        assert not chinese_calendar.is_workday(day), (day, name)
    assert len(statutory_holidays(year)) == 13


def test_statutory_holidays_of_2027():
    days = statutory_holidays(2027)
    assert days[date(2027, 4, 5)] == "清明节"
    assert days[date(2027, 6, 9)] == "端午节"
    assert days[date(2027, 9, 15)] == "中秋节"
    assert [d for d, n in days.items() if n == "国庆节"] == [date(2027, 10, d) for d in (1, 2, 3)]


def test_override_table_extends_an_uncovered_year(calendar_ends):
    calendar_ends(2026)
    CalendarOverride.objects.create(date=date(2027, 1, 1), kind="holiday", name="元旦")
    CalendarYear.objects.create(year=2027, note="国办发明电〔2026〕X号")
    deadline = compute_deadline(date(2026, 12, 15), 20)
    assert deadline.due == date(2027, 1, 13)
    assert not deadline.provisional
    assert (date(2027, 1, 1), "元旦") in deadline.holidays_skipped


def test_the_first_year_after_the_installed_calendar_is_provisional():
    """Whatever chinesecalendar release is installed, the year after its last one is 暂定."""
    first_uncovered = next(year for year in range(2025, 2100) if not package_covers(year))
    calendar = Calendar()
    assert calendar.year_is_covered(first_uncovered - 1)
    assert not calendar.year_is_covered(first_uncovered)
    deadline = compute_deadline(date(first_uncovered - 1, 12, 15), 20)
    assert deadline.due.year == first_uncovered
    assert deadline.provisional_years == [first_uncovered]


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


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 5), -1)
