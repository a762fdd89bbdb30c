"""Filters of the 征求意见 column and of the staff comment list, as django-filter FilterSets.

They keep the query parameters people already link to: `year` and `status` on the column;
`article`, `status`, `kind` and `disposition` on the staff list. A value that does not parse is
reported in Chinese and only that condition is dropped; the other conditions still apply, so no
typed or hostile URL leads to an error page.
"""

import re
from collections.abc import Iterable
from datetime import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from consultation import rules
from consultation.models import COMMENTER_KINDS, DISPOSITION_CHOICES, MODERATION_CHOICES

YEAR_MESSAGE = "年份应为四位数字，已忽略该条件。"
ANY_ARTICLE = "all"
WHOLE_DRAFT = "whole"  # comments on the draft as a whole (an empty article key)
UNDISPOSED = "none"  # comments without a disposition yet


class YearField(forms.Field):
    """A year typed as four ASCII digits. Full-width or superscript digits, which ``int()``
    would quietly accept, are refused like any other bad value."""

    def to_python(self, value) -> int | None:
        text = (value or "").strip()
        if not text:
            return None
        if not re.fullmatch(r"[0-9]{4}", text) or not 1900 < int(text) < 3000:
            raise ValidationError(YEAR_MESSAGE, code="invalid")
        return int(text)


class YearFilter(django_filters.Filter):
    field_class = YearField


def _choice_filter(label: str, choices, message: str, **kwargs) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        label=label,
        choices=choices,
        empty_label="全部",
        error_messages={"invalid_choice": message},
        **kwargs,
    )


class ReportingFilterSet(django_filters.FilterSet):
    """A FilterSet that tells what it applied and which values it had to ignore."""

    @property
    def applied(self) -> dict[str, object]:
        """The conditions in force, by query parameter, for re-selecting them in the form."""
        self.is_valid()
        return {
            name: value for name, value in self.form.cleaned_data.items() if value not in (None, "")
        }

    @property
    def problems(self) -> list[str]:
        """One Chinese message per ignored value, in the order of the form."""
        errors = self.errors
        return [message for name in self.form.fields for message in errors.get(name, [])]


class ConsultationListFilter(ReportingFilterSet):
    """The public column: the year a consultation opened, and its status at `now`.

    The queryset must carry ``has_feedback`` (published 意见采纳情况), which the status needs.
    """

    year = YearFilter(label="年份", field_name="opens_at", lookup_expr="year")
    status = _choice_filter(
        "状态", rules.STATUS_CHOICES, "状态条件无效，已忽略。", method="filter_status"
    )

    def __init__(self, data=None, queryset=None, *, now: datetime, **kwargs) -> None:
        super().__init__(data, queryset, **kwargs)
        self.now = now

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        now = self.now
        if value == rules.STATUS_UPCOMING:
            return queryset.filter(opens_at__gt=now)
        if value == rules.STATUS_OPEN:
            return queryset.filter(opens_at__lte=now, closes_at__gt=now)
        if value == rules.STATUS_CLOSED:
            return queryset.filter(closes_at__lte=now, has_feedback=False)
        return queryset.filter(closes_at__lte=now, has_feedback=True)


class StaffCommentFilter(ReportingFilterSet):
    """The staff comment list of one consultation.

    `article` takes ``all``, ``whole`` or an article's key; the keys offered are those of the
    draft and those of stored comments (an article removed from the draft keeps its comments).
    """

    article = _choice_filter("条款", [], "所选条款不存在，已忽略该条件。", method="filter_article")
    status = _choice_filter(
        "审核状态",
        MODERATION_CHOICES,
        "审核状态条件无效，已忽略。",
        field_name="moderation_status",
    )
    kind = _choice_filter("意见人类别", COMMENTER_KINDS, "意见人类别条件无效，已忽略。")
    disposition = _choice_filter(
        "采纳情况",
        [(UNDISPOSED, "未处理"), *DISPOSITION_CHOICES],
        "采纳情况条件无效，已忽略。",
        method="filter_disposition",
    )

    def __init__(self, data=None, queryset=None, *, article_keys: Iterable[str], **kwargs) -> None:
        super().__init__(data, queryset, **kwargs)
        keys = [(key, key) for key in dict.fromkeys(article_keys) if key]
        self.filters["article"].extra["choices"] = [
            (ANY_ARTICLE, "全部"),
            (WHOLE_DRAFT, "整体意见"),
            *keys,
        ]

    def filter_article(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == ANY_ARTICLE:
            return queryset
        return queryset.filter(article_key="" if value == WHOLE_DRAFT else value)

    def filter_disposition(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(disposition="" if value == UNDISPOSED else value)
