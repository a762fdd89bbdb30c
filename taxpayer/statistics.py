"""Statistics of 纳税服务, computed from live data: the public monthly table (好差评 and 诉求
办结) and the staff analysis (seed 002 四（五）: 受理、办理、反馈情况, 共性诉求).

The arithmetic is in plain functions over plain rows, so its definitions are stated once, here:
- 好评率 = ratings at 非常满意/满意/基本满意 ÷ all ratings given in the month (国办发〔2019〕51号:
  the last two of the five levels are 差评);
- 差评整改率 = 差评 given in the month that are 已整改反馈 ÷ 差评 given in the month (the target is
  100%: 实名差评回访整改率);
- 诉求办结率 = 诉求 received in the month that are 办结 (办结 recorded, including
  当场办理答复) ÷ 诉求 received in the month, leaving out those moved to 行政复议 or another
  level (分级办理), which this office no longer handles; a 待条件成熟 suggestion is not 办结;
- 按时办结率 = 办结 诉求 of the month finished on or before their 办理期限 (extensions included)
  ÷ 办结 诉求 of the month.
A rate with nothing to divide by is None (shown as “—”), never 0% or 100%.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.db.models import Count

from taxpayer import rules
from taxpayer.models import (
    OPEN_STATUSES,
    FollowUpStatus,
    Matter,
    MatterKind,
    MatterStatus,
    Outcome,
    Rating,
)


def rate(numerator: int, denominator: int) -> Fraction | None:
    return Fraction(numerator, denominator) if denominator else None


def percent(value: Fraction | None) -> str:
    """'87.5%' with one decimal, '—' when there is nothing to count."""
    if value is None:
        return "—"
    return f"{float(value) * 100:.1f}%"


def month_key(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


@dataclass(frozen=True)
class AppealRow:
    received_on: date
    completed_on: date | None
    handling_due_on: date | None
    transferred: bool


@dataclass(frozen=True)
class RatingRow:
    rated_on: date
    level: int
    rectified: bool


@dataclass(frozen=True)
class MonthFigures:
    month: str
    ratings: int
    good: int
    bad: int
    rectified: int
    appeals: int  # received in the month, less those moved elsewhere
    completed: int
    on_time: int

    @property
    def good_rate(self) -> Fraction | None:
        return rate(self.good, self.ratings)

    @property
    def rectify_rate(self) -> Fraction | None:
        return rate(self.rectified, self.bad)

    @property
    def completion_rate(self) -> Fraction | None:
        return rate(self.completed, self.appeals)

    @property
    def on_time_rate(self) -> Fraction | None:
        return rate(self.on_time, self.completed)

    def as_row(self) -> dict[str, str | int]:
        """The figures as the public table prints them."""
        return {
            "month": self.month,
            "ratings": self.ratings,
            "good_rate": percent(self.good_rate),
            "bad": self.bad,
            "rectify_rate": percent(self.rectify_rate),
            "appeals": self.appeals,
            "completion_rate": percent(self.completion_rate),
            "on_time_rate": percent(self.on_time_rate),
        }


def monthly(appeals: Iterable[AppealRow], ratings: Iterable[RatingRow]) -> list[MonthFigures]:
    """One line per month that has any appeal or rating, newest first."""
    counts: dict[str, Counter] = {}
    for row in ratings:
        month = counts.setdefault(month_key(row.rated_on), Counter())
        month["ratings"] += 1
        if rules.is_bad_rating(row.level):
            month["bad"] += 1
            month["rectified"] += row.rectified
        else:
            month["good"] += 1
    for row in appeals:
        month = counts.setdefault(month_key(row.received_on), Counter())
        if row.transferred:
            continue
        month["appeals"] += 1
        if row.completed_on is not None:
            month["completed"] += 1
            on_time = row.handling_due_on is None or row.completed_on <= row.handling_due_on
            month["on_time"] += on_time
    return [
        MonthFigures(
            month=key,
            ratings=c["ratings"],
            good=c["good"],
            bad=c["bad"],
            rectified=c["rectified"],
            appeals=c["appeals"],
            completed=c["completed"],
            on_time=c["on_time"],
        )
        for key, c in sorted(counts.items(), reverse=True)
    ]


def appeal_rows(since: date | None = None) -> list[AppealRow]:
    queryset = Matter.objects.filter(kind=MatterKind.APPEAL)
    if since is not None:
        queryset = queryset.filter(received_on__gte=since)
    return [
        AppealRow(
            received_on=received_on,
            completed_on=completed_on,
            handling_due_on=None if outcome == Outcome.ON_THE_SPOT else due,
            transferred=status == MatterStatus.TRANSFERRED,
        )
        for received_on, completed_on, due, status, outcome in queryset.values_list(
            "received_on", "completed_on", "handling_due_on", "status", "outcome"
        )
    ]


def rating_rows(since: date | None = None) -> list[RatingRow]:
    queryset = Rating.objects.all()
    if since is not None:
        queryset = queryset.filter(rated_on__gte=since)
    return [
        RatingRow(rated_on=rated_on, level=level, rectified=follow_up == FollowUpStatus.DONE)
        for rated_on, level, follow_up in queryset.values_list("rated_on", "level", "follow_up")
    ]


def public_monthly(since: date | None = None) -> list[MonthFigures]:
    return monthly(appeal_rows(since), rating_rows(since))


# ---------------------------------------------------------------------------------------------
# Staff analysis for a period


@dataclass(frozen=True)
class Analysis:
    start: date
    end: date
    total: int
    by_kind: list[tuple[str, int]]
    by_category: list[tuple[str, int]]
    by_channel: list[tuple[str, int]]
    by_unit: list[tuple[str, int, int, int]]  # unit, received, 办结, 按时办结
    timeliness: list[tuple[str, int]]
    satisfaction: list[tuple[str, int]]
    visit_satisfaction: list[tuple[str, int]]
    common_issues: list[tuple[str, str, int]]  # topic, categories, count


def _labelled(counter: Counter, labels: dict) -> list[tuple[str, int]]:
    return [(labels.get(key, key or "未填写"), count) for key, count in counter.most_common()]


def timeliness_of(matter: Matter, today: date) -> str:
    """按时办结 / 超期办结 / 办理中（未超期） / 办理中（已超期） / 其他 (移交、待条件成熟)."""
    if matter.completed_on is not None:
        due = matter.handling_due_on
        on_time = matter.outcome == Outcome.ON_THE_SPOT or due is None or matter.completed_on <= due
        return "按时办结" if on_time else "超期办结"
    if matter.status in OPEN_STATUSES:
        overdue = matter.step_due_on is not None and matter.step_due_on < today
        return "办理中（已超期）" if overdue else "办理中（未超期）"
    return "已移交或待条件成熟"


def analysis(start: date, end: date, today: date) -> Analysis:
    """Everything received from `start` to `end` (inclusive), by the dimensions seed 002 asks."""
    matters = list(
        Matter.objects.filter(received_on__gte=start, received_on__lte=end).select_related(
            "host_unit"
        )
    )
    units: dict[str, list[int]] = {}
    for matter in matters:
        name = matter.host_unit.name if matter.host_unit else "（未转办）"
        line = units.setdefault(name, [0, 0, 0])
        line[0] += 1
        if matter.completed_on is not None:
            line[1] += 1
            line[2] += timeliness_of(matter, today) == "按时办结"
    ratings = Rating.objects.filter(rated_on__gte=start, rated_on__lte=end)
    levels = dict(rules.RATING_LEVELS)
    rating_counts = Counter(dict(ratings.values_list("level").annotate(n=Count("pk"))))
    visit_counts = Counter(m.visit_level for m in matters if m.visit_level)
    appeals = [m for m in matters if m.kind == MatterKind.APPEAL]
    topics: dict[str, list[str]] = {}
    for matter in appeals:
        if matter.topic:
            topics.setdefault(matter.topic, []).append(matter.get_category_display())
    common = [
        (topic, "、".join(sorted(set(categories))), len(categories))
        for topic, categories in topics.items()
        if len(categories) >= 2
    ]
    return Analysis(
        start=start,
        end=end,
        total=len(matters),
        by_kind=_labelled(Counter(m.kind for m in matters), dict(MatterKind.choices)),
        by_category=_labelled(Counter(m.category for m in appeals), dict(rules.APPEAL_CATEGORIES)),
        by_channel=_labelled(
            Counter(m.channel for m in matters), dict(Matter._meta.get_field("channel").choices)
        ),
        by_unit=sorted(((name, *line) for name, line in units.items()), key=lambda r: -r[1]),
        timeliness=Counter(timeliness_of(m, today) for m in matters).most_common(),
        satisfaction=[(levels[level], rating_counts.get(level, 0)) for level in levels],
        visit_satisfaction=[(levels[level], visit_counts.get(level, 0)) for level in levels],
        common_issues=sorted(common, key=lambda row: -row[2]),
    )
