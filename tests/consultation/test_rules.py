"""The window and status rules at their edges, in Beijing time."""

from datetime import timedelta

import pytest

from consultation import rules
from tests.consultation.factories import shanghai

OPENS = shanghai(2026, 12, 1)  # 00:00 Beijing time = 2026-11-30 16:00 UTC


def test_window_opens_exactly_at_shanghai_midnight():
    closes = shanghai(2026, 12, 31)
    just_before = OPENS - timedelta(seconds=1)
    assert OPENS.astimezone(rules.SHANGHAI).hour == 0
    assert OPENS.utcoffset() == timedelta(hours=8)
    assert not rules.is_accepting_comments(opens_at=OPENS, closes_at=closes, now=just_before)
    assert rules.is_accepting_comments(opens_at=OPENS, closes_at=closes, now=OPENS)


def test_window_closes_at_shanghai_midnight_and_the_closing_instant_is_too_late():
    closes = shanghai(2026, 12, 31)
    last_second = closes - timedelta(seconds=1)
    assert rules.is_accepting_comments(opens_at=OPENS, closes_at=closes, now=last_second)
    assert not rules.is_accepting_comments(opens_at=OPENS, closes_at=closes, now=closes)


def test_status_follows_the_clock_and_feedback():
    closes = shanghai(2026, 12, 31)

    def status(now, feedback=False):
        return rules.consultation_status(
            opens_at=OPENS, closes_at=closes, feedback_published=feedback, now=now
        )

    assert status(OPENS - timedelta(minutes=1)) == rules.STATUS_UPCOMING
    assert status(OPENS) == rules.STATUS_OPEN
    assert status(closes) == rules.STATUS_CLOSED
    assert status(closes, feedback=True) == rules.STATUS_FEEDBACK
    assert rules.STATUS_LABELS[status(OPENS)] == "征求中"


def test_thirty_day_period_is_accepted_without_reason():
    assert (
        rules.period_errors(
            opens_at=OPENS, closes_at=shanghai(2026, 12, 31), short_period_reason=""
        )
        == {}
    )


@pytest.mark.parametrize("closes_at", [shanghai(2026, 12, 30), shanghai(2026, 12, 30, 23, 59)])
def test_twenty_nine_days_are_rejected_without_reason(closes_at):
    errors = rules.period_errors(opens_at=OPENS, closes_at=closes_at, short_period_reason="  ")
    assert "少于 30 日" in errors["short_period_reason"]
    assert "29 天" in errors["short_period_reason"]


def test_short_period_with_a_stated_reason_is_accepted():
    errors = rules.period_errors(
        opens_at=OPENS,
        closes_at=shanghai(2026, 12, 16),
        short_period_reason="落实减税降费政策时间紧迫，需在年底前发布。",
    )
    assert errors == {}


def test_closing_before_opening_is_rejected():
    errors = rules.period_errors(opens_at=OPENS, closes_at=OPENS, short_period_reason="x")
    assert errors == {"closes_at": "截止时间必须晚于开始时间。"}


def test_countdown_shows_days_and_hours_left():
    closes = shanghai(2026, 12, 31)
    left = rules.countdown(closes_at=closes, now=closes - timedelta(days=3, hours=5, minutes=7))
    assert str(left) == "3 天 5 小时"
    assert str(rules.countdown(closes_at=closes, now=closes - timedelta(minutes=30))) == "30 分钟"
    assert rules.countdown(closes_at=closes, now=closes) is None


def test_a_midnight_deadline_reads_as_the_previous_day_at_24_00():
    assert rules.moment_text(shanghai(2026, 12, 31), end=True) == "2026年12月30日 24:00"
    assert rules.moment_text(shanghai(2026, 12, 31)) == "2026年12月31日 00:00"
    assert rules.moment_text(shanghai(2026, 12, 31, 17, 30), end=True) == "2026年12月31日 17:30"
