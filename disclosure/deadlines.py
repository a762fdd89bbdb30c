"""Working-day arithmetic for statutory deadlines (条例第三十条、三十二条、三十三条).

The official calendar comes from the `chinesecalendar` package; staff extend and override it with
`CalendarOverride` rows (and mark a year as fully entered with `CalendarYear`). For a year that
neither covers, Monday–Friday are counted and the result is flagged provisional (暂定) instead of
failing, so a request received in December still gets a date and staff are warned. Which years
the package covers is asked of `packaged_years()` alone, so tests can set it.

The start day is never counted: 20 working days from a Monday receipt ends on the fourth Friday.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar
from django.utils import timezone

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


def packaged_years() -> frozenset[int]:
    """The years whose official holiday arrangement the installed `chinesecalendar` knows."""
    known = chinese_calendar.holidays
    return frozenset(range(min(known).year, max(known).year + 1))


class Calendar:
    """One snapshot of the overrides, so a computation issues one query, not one per day."""

    def __init__(
        self,
        overrides: dict[date, tuple[str, str]] | None = None,
        complete_years: set[int] | None = None,
    ) -> None:
        if overrides is None or complete_years is None:
            from disclosure.models import CalendarOverride, CalendarYear

            overrides = {row.date: (row.kind, row.name) for row in CalendarOverride.objects.all()}
            complete_years = set(CalendarYear.objects.values_list("year", flat=True))
        self.overrides = overrides
        self.complete_years = complete_years
        self.packaged_years = packaged_years()

    def day(self, when: date) -> Day:
        override = self.overrides.get(when)
        if override is not None:
            kind, name = override
            return Day(
                kind == "workday", False, name or ("调休上班" if kind == "workday" else "节假日")
            )
        if when.year not in self.packaged_years:
            weekday = when.weekday() < 5
            return Day(weekday, when.year not in self.complete_years, "" if weekday else "周末")
        if chinese_calendar.is_workday(when):
            return Day(True, False)
        _, name = chinese_calendar.get_holiday_detail(when)
        return Day(False, False, _holiday_name(name) if name else "周末")

    def year_is_covered(self, year: int) -> bool:
        return year in self.complete_years or year in self.packaged_years


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
