"""A hall's bookable slots: plain functions over times, so the arithmetic is easy to test.

A hall open 09:00–12:00 and 13:30–17:00 with 30-minute slots has 6 + 7 = 13 slots; a slot that
would run past the end of its half-day is not offered.
"""

from datetime import date, datetime, time, timedelta


def half_day_slots(start: time, end: time, minutes: int) -> list[tuple[time, time]]:
    slots = []
    current = datetime.combine(date.min, start)
    finish = datetime.combine(date.min, end)
    step = timedelta(minutes=minutes)
    while current + step <= finish:
        slots.append((current.time(), (current + step).time()))
        current += step
    return slots


def hall_slots(hall) -> list[tuple[time, time]]:
    """Every slot of a working day at `hall` (anything with the ServiceHall time fields)."""
    return half_day_slots(hall.morning_start, hall.morning_end, hall.slot_minutes) + half_day_slots(
        hall.afternoon_start, hall.afternoon_end, hall.slot_minutes
    )


def slot_end(hall, starts_at: time) -> time | None:
    """The end of the slot starting at `starts_at`, or None when no slot starts then."""
    for start, end in hall_slots(hall):
        if start == starts_at:
            return end
    return None


def slot_label(starts_at: time, ends_at: time) -> str:
    return f"{starts_at:%H:%M}—{ends_at:%H:%M}"
