"""Plain rules of a consultation's window, with no database: easy to test at the edges.

Times are aware datetimes; the portal's local time is Asia/Shanghai, so "midnight" always means
00:00 in Shanghai. The window is half open: comments are accepted from ``opens_at`` (inclusive)
until ``closes_at`` (exclusive), so a comment at the closing instant is already too late.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
MIN_PERIOD_DAYS = (
    30  # 重大行政决策程序暂行条例第十五条; 规章制定程序条例第十五条; 优化营商环境条例第六十二条
)

STATUS_UPCOMING = "upcoming"
STATUS_OPEN = "open"
STATUS_CLOSED = "closed"
STATUS_FEEDBACK = "feedback"
STATUS_CHOICES = [
    (STATUS_UPCOMING, "未开始"),
    (STATUS_OPEN, "征求中"),
    (STATUS_CLOSED, "已结束"),
    (STATUS_FEEDBACK, "已反馈"),
]
STATUS_LABELS = dict(STATUS_CHOICES)


def consultation_status(
    *, opens_at: datetime, closes_at: datetime, feedback_published: bool, now: datetime
) -> str:
    """未开始 / 征求中 / 已结束 / 已反馈, from the clock alone (plus whether feedback is out)."""
    if now < opens_at:
        return STATUS_UPCOMING
    if now < closes_at:
        return STATUS_OPEN
    return STATUS_FEEDBACK if feedback_published else STATUS_CLOSED


def is_accepting_comments(*, opens_at: datetime, closes_at: datetime, now: datetime) -> bool:
    return opens_at <= now < closes_at


def period_length(opens_at: datetime, closes_at: datetime) -> timedelta:
    return closes_at - opens_at


def comments_open_from(opens_at: datetime, live_from: datetime) -> datetime:
    """Comments open no earlier than the page goes live, whatever ``opens_at`` says."""
    return max(opens_at, live_from)


def period_errors(
    *,
    opens_at: datetime | None,
    closes_at: datetime | None,
    short_period_reason: str,
    live_from: datetime | None = None,
) -> dict[str, str]:
    """Field → message for a window that breaks the 30-day rule; empty when it is acceptable.

    The period is measured from the moment comments can really be made: ``opens_at`` or, when
    later, the moment the page goes live (``live_from``: its first publication, or now for a
    draft). A window that has closed by then is refused; one leaving less than 30 calendar days
    (30 × 24 hours) is allowed only with a stated reason, which the page shows to the public.
    """
    if opens_at is None or closes_at is None:
        return {}
    if closes_at <= opens_at:
        return {"closes_at": "截止时间必须晚于开始时间。"}
    start = opens_at if live_from is None else comments_open_from(opens_at, live_from)
    if closes_at <= start:
        return {
            "closes_at": f"截止时间（{moment_text(closes_at, end=True)}）早于发布时间"
            f"（{moment_text(start)}），发布后无法接收意见，请调整截止时间。"
        }
    length = period_length(start, closes_at)
    if length < timedelta(days=MIN_PERIOD_DAYS) and not (short_period_reason or "").strip():
        measured = "" if start == opens_at else f"自发布时（{moment_text(start)}）起计算，"
        return {
            "short_period_reason": (
                f"征求意见期限{measured}为 {describe_length(length)}，少于 {MIN_PERIOD_DAYS} 日。"
                "如确需缩短期限，请填写缩短理由（理由将向社会公开）；否则请调整截止时间。"
            )
        }
    return {}


def is_short_period(opens_at: datetime, closes_at: datetime) -> bool:
    return period_length(opens_at, closes_at) < timedelta(days=MIN_PERIOD_DAYS)


def describe_length(length: timedelta) -> str:
    """ "29 天" or "29 天 12 小时": whole days plus leftover hours, as people count a period."""
    days, seconds = length.days, length.seconds
    hours = seconds // 3600
    return f"{days} 天" + (f" {hours} 小时" if hours else "")


@dataclass(frozen=True)
class Countdown:
    days: int
    hours: int
    minutes: int

    def __str__(self) -> str:
        if self.days:
            return f"{self.days} 天 {self.hours} 小时"
        if self.hours:
            return f"{self.hours} 小时 {self.minutes} 分钟"
        return f"{max(self.minutes, 1)} 分钟"


def countdown(*, closes_at: datetime, now: datetime) -> Countdown | None:
    """Time left to comment, or None once the window has closed."""
    if now >= closes_at:
        return None
    left = closes_at - now
    return Countdown(
        days=left.days, hours=left.seconds // 3600, minutes=(left.seconds % 3600) // 60
    )


def local(moment: datetime) -> datetime:
    return moment.astimezone(SHANGHAI)


def moment_text(moment: datetime, *, end: bool = False) -> str:
    """Beijing time as people write it; a closing instant at midnight reads as the previous
    day's 24:00, so "截至3月30日24时" is not mistaken for a deadline on 3月31日."""
    value = local(moment)
    if end and value.hour == 0 and value.minute == 0 and value.second == 0:
        previous = value - timedelta(days=1)
        return f"{previous.year}年{previous.month}月{previous.day}日 24:00"
    return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
