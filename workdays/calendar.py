"""Working-day arithmetic for every statutory clock in the portal (条例第三十条、三十二条、三十三条;
纳税人诉求 and 办税预约 limits count the same days).

The official calendar comes from the `chinesecalendar` package; staff extend and override it with
`CalendarOverride` rows (and mark a year as fully entered with `CalendarYear`). For a year that
neither covers, Monday–Friday are counted and the result is flagged provisional (暂定) instead of
failing, so a request received in December still gets a date and staff are warned.

The start day is never counted: 20 working days from a Monday receipt ends on the fourth Friday.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar
from django.utils import timezone
from lunar_python import Lunar, Solar

from workdays.models import CalendarOverride, CalendarYear

# Longest span any statutory count here can cover (20 + 20 days, pauses, Spring Festival).
_MAX_SCAN_DAYS = 3660


@dataclass(frozen=True)
class Day:
    is_workday: bool
    provisional: bool
    name: str = ""


@dataclass
class Deadline:
    """A computed due date and how it was reached, for staff and applicants to check."""

    start: date
    days: int
    due: date
    provisional: bool = False
    provisional_years: list[int] = field(default_factory=list)
    holidays_skipped: list[tuple[date, str]] = field(default_factory=list)
    paused_days: list[date] = field(default_factory=list)
    pauses: list[tuple[date, date | None]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "start": self.start.isoformat(),
            "days": self.days,
            "due": self.due.isoformat(),
            "provisional": self.provisional,
            "provisional_years": self.provisional_years,
            "holidays_skipped": [[d.isoformat(), name] for d, name in self.holidays_skipped],
            "paused_days": [d.isoformat() for d in self.paused_days],
            "pauses": [[s.isoformat(), e.isoformat() if e else None] for s, e in self.pauses],
        }


class Calendar:
    """One snapshot of the overrides, so a computation issues one query, not one per day."""

    def __init__(
        self,
        overrides: dict[date, tuple[str, str]] | None = None,
        complete_years: set[int] | None = None,
    ) -> None:
        if overrides is None or complete_years is None:
            overrides = {row.date: (row.kind, row.name) for row in CalendarOverride.objects.all()}
            complete_years = set(CalendarYear.objects.values_list("year", flat=True))
        self.overrides = overrides
        self.complete_years = complete_years

    def day(self, when: date) -> Day:
        override = self.overrides.get(when)
        if override is not None:
            kind, name = override
            return Day(
                kind == "workday", False, name or ("调休上班" if kind == "workday" else "节假日")
            )
        if not package_covers(when.year):
            provisional = when.year not in self.complete_years
            statutory = statutory_holidays(when.year).get(when)
            if statutory:
                return Day(False, provisional, statutory)
            weekday = when.weekday() < 5
            return Day(weekday, provisional, "" if weekday else "周末")
        if chinese_calendar.is_workday(when):
            return Day(True, False)
        _, name = chinese_calendar.get_holiday_detail(when)
        return Day(False, False, _holiday_name(name) if name else "周末")

    def year_is_covered(self, year: int) -> bool:
        return year in self.complete_years or package_covers(year)


@lru_cache(maxsize=32)
def statutory_holidays(year: int) -> dict[date, str]:
    """The rest days that 《全国年节及纪念日放假办法》 (2024年修订, 第二条) fixes by itself:
    元旦 1月1日; 春节 农历除夕至正月初三; 清明节 清明当日; 劳动节 5月1日、2日; 端午节 农历五月初五;
    中秋节 农历八月十五; 国庆节 10月1日至3日.

    Used for a year whose State Council arrangement (with its 调休 make-up days) is not yet in the
    calendar data: these days are certain to be holidays whatever the arrangement says, so a
    deadline never lands on 元旦 or 春节; the result is still 暂定 until the arrangement is entered.
    Lunar dates and the solar term come from the maintained `lunar_python` library.
    """
    spring_festival = _solar(Lunar.fromYmd(year, 1, 1).getSolar())
    days = {date(year, 1, 1): "元旦"}
    for offset in range(-1, 3):  # 除夕 (the day before 正月初一) to 正月初三
        days[spring_festival + timedelta(days=offset)] = "春节"
    days[_solar(Lunar.fromYmd(year, 3, 1).getJieQiTable()["清明"])] = "清明节"
    days[date(year, 5, 1)] = days[date(year, 5, 2)] = "劳动节"
    days[_solar(Lunar.fromYmd(year, 5, 5).getSolar())] = "端午节"
    days[_solar(Lunar.fromYmd(year, 8, 15).getSolar())] = "中秋节"
    for day in (1, 2, 3):
        days[date(year, 10, day)] = "国庆节"
    # 除夕 of next year's 春节 can fall in late December or January of `year` itself.
    next_eve = _solar(Lunar.fromYmd(year + 1, 1, 1).getSolar()) - timedelta(days=1)
    if next_eve.year == year:
        days[next_eve] = "春节"
    return {day: name for day, name in days.items() if day.year == year}


def _solar(solar: Solar) -> date:
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def package_covers(year: int) -> bool:
    """Whether the installed `chinesecalendar` release carries the State Council's arrangement
    for `year` (each release adds the coming year once it is published)."""
    return _PACKAGE_FIRST_YEAR <= year <= _PACKAGE_LAST_YEAR


_PACKAGE_FIRST_YEAR = min(day.year for day in chinese_calendar.holidays)
_PACKAGE_LAST_YEAR = max(day.year for day in chinese_calendar.holidays)

_HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


def _holiday_name(name: str) -> str:
    return _HOLIDAY_NAMES.get(name, name)


def _in_pause(day: date, pauses: list[tuple[date, date | None]]) -> bool:
    """A pause (s, e) stops the clock on the days after s up to and including e."""
    return any(s < day and (e is None or day <= e) for s, e in pauses)


def compute_deadline(
    start: date,
    days: int,
    pauses: list[tuple[date, date | None]] | None = None,
    calendar: Calendar | None = None,
) -> Deadline:
    """Count `days` working days after `start`, skipping holidays and paused working days.

    An open pause (end None) stops the clock indefinitely: the due date is then the date the count
    would end on if the pause ended today, and callers show the clock as paused.
    """
    if days < 0:
        raise ValueError("工作日数不能为负数。")
    calendar = calendar or Calendar()
    pauses = sorted(pauses or [], key=lambda p: p[0])
    today = timezone.localdate()
    open_pauses = [(s, e or today) for s, e in pauses]
    result = Deadline(start=start, days=days, due=start, pauses=list(pauses))
    counted = 0
    current = start
    for _ in range(_MAX_SCAN_DAYS):
        if counted >= days:
            break
        current += timedelta(days=1)
        info = calendar.day(current)
        if info.provisional and current.year not in result.provisional_years:
            result.provisional_years.append(current.year)
        if not info.is_workday:
            if current.weekday() < 5 or info.name not in ("", "周末"):
                result.holidays_skipped.append((current, info.name))
            continue
        if _in_pause(current, open_pauses):
            result.paused_days.append(current)
            continue
        counted += 1
    result.due = current
    result.provisional = bool(result.provisional_years)
    return result


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (start day not counted)."""
    return compute_deadline(start, days).due


def working_days_between(start: date, end: date, calendar: Calendar | None = None) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    calendar = calendar or Calendar()
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if calendar.day(current).is_workday:
            count += 1
    return count


def is_workday(when: date) -> bool:
    return Calendar().day(when).is_workday
