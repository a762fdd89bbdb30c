"""List filters through django-filter: bad values are reported in Chinese, never fatal.

Every public list (政策文件, 权责清单, 办税指南, 任务清单) declares its filters as a FilterSet in
its app's `filters.py`, with the filters here; its page and its open-data API read the same one
through `apply_filters`. A value that cannot be used (an unknown 权力类型, a 年份 of "abc", an id
too large for the database) is left out of the filtering and reported: pages show the messages
above the list, the API answers 400 with them. Filters with usable values still apply.
"""

from dataclasses import dataclass
from datetime import date

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import QueryDict

from portal.dates import parse_date

MAX_FILTER_LENGTH = 100  # longer than any name or number people filter by
MAX_ID = 2**31 - 1


def safe_id(value) -> int | None:
    """A primary key or number from a URL or form, or None when it cannot be one (letters, or
    digits too many for the database's integer columns)."""
    text = str(value)
    if not text.isdigit() or len(text) > 10 or int(text) > MAX_ID:
        return None
    return int(text)


@dataclass
class FilterResult:
    queryset: QuerySet
    # The values to show in the filter form: usable ones as the list understood them (a code,
    # an ISO date), unusable ones as typed, so the visitor sees and can correct them.
    filters: dict[str, str]
    errors: list[str]


def apply_filters(
    filterset_class: type[django_filters.FilterSet],
    params: QueryDict | dict,
    queryset: QuerySet,
) -> FilterResult:
    """Filter `queryset` by the query parameters the FilterSet declares; others are ignored."""
    data = {}
    for name in filterset_class.base_filters:
        text = str(params.get(name) or "").replace("\x00", "").strip()[:MAX_FILTER_LENGTH]
        if text:
            data[name] = text
    filterset = filterset_class(data=data, queryset=queryset)
    filtered = filterset.qs
    errors = [str(message) for messages in filterset.form.errors.values() for message in messages]
    cleaned = filterset.form.cleaned_data
    filters = {
        name: _as_query_value(cleaned[name], typed) if name in cleaned else typed
        for name, typed in data.items()
        if name not in cleaned or cleaned[name] not in (None, "")
    }
    return FilterResult(queryset=filtered, filters=filters, errors=errors)


def _as_query_value(value, typed: str) -> str:
    """How the form shows an understood value: a code, an ISO date, an id; else as typed."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Model):
        return str(value.pk)
    if isinstance(value, str | int):
        return str(value)
    return typed


class CodeOrLabelField(forms.Field):
    """A choice given by its code (QZ) or its Chinese label (行政强制); cleans to the code."""

    def __init__(self, *, choices=(), message: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.codes = {code: code for code, _ in choices} | {label: code for code, label in choices}
        self.message = message

    def to_python(self, value) -> str:
        if value in self.empty_values:
            return ""
        if value not in self.codes:
            raise ValidationError(self.message.format(value=value), code="invalid_choice")
        return self.codes[value]


class CodeOrLabelFilter(django_filters.Filter):
    """`choices` by code or label; `message` reports an unknown one ("未知的权力类型：{value}")."""

    field_class = CodeOrLabelField


class DateTextField(forms.Field):
    """A date typed in any form `portal.dates.parse_date` reads."""

    def to_python(self, value) -> date | None:
        if value in self.empty_values:
            return None
        try:
            return parse_date(value)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from error


class DateTextFilter(django_filters.Filter):
    field_class = DateTextField


class RecordField(forms.ModelChoiceField):
    """A record by id; letters, ids beyond the database's integers and ids of no record are all
    "unknown" (the `invalid_choice` message), never a database error."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if safe_id(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class RecordFilter(django_filters.ModelChoiceFilter):
    field_class = RecordField


class KeywordFilter(django_filters.CharFilter):
    """Rows where any of `fields` contains the keyword."""

    def __init__(self, *, fields: list[str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.fields = fields

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        if not value:
            return qs
        query = Q()
        for name in self.fields:
            query |= Q(**{f"{name}__icontains": value})
        return qs.filter(query)
