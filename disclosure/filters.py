"""The staff ledger's filters (台账筛选) as a django-filter FilterSet.

Query parameters: `q` (编号, 申请人, 所需信息, 文号), `status` (a status or `open`), `due` (`soon`
or `overdue`), `channel`, `department` (a unit's id: requests transferred to it) and `year` (of
receipt). A value that does not parse is reported on its field and the other filters still apply.
"""

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from disclosure import rules, selectors
from disclosure.models import OPEN_STATUSES, Channel, Status
from lists.organisations import unit_choices


class YearFilter(django_filters.Filter):
    """A year typed as a whole number, validated like any integer field."""

    field_class = forms.IntegerField


class LedgerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", max_length=100, method="filter_text")
    status = django_filters.ChoiceFilter(
        label="状态",
        choices=[("open", "未办结"), *Status.choices],
        empty_label="全部",
        method="filter_status",
    )
    due = django_filters.ChoiceFilter(
        label="期限",
        choices=[("soon", f"{rules.DUE_SOON_WORKING_DAYS}个工作日内到期"), ("overdue", "已超期")],
        empty_label="全部",
        method="filter_due",
    )
    channel = django_filters.ChoiceFilter(
        label="渠道", choices=Channel.choices, empty_label="全部", field_name="channel"
    )
    department = django_filters.ModelChoiceFilter(
        label="承办部门",
        queryset=lambda request: unit_choices(),
        empty_label="全部",
        field_name="assignments__department",
        distinct=True,
    )
    year = YearFilter(
        label="年度", field_name="received_on", lookup_expr="year", min_value=2000, max_value=2100
    )

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        text = value.strip()
        return queryset.filter(
            Q(number__icontains=text)
            | Q(applicant_name__icontains=text)
            | Q(description__icontains=text)
            | Q(doc_number__icontains=text)
        )

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "open":
            return queryset.filter(status__in=OPEN_STATUSES)
        return queryset.filter(status=value)

    def filter_due(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "overdue":
            return selectors.requests_overdue(queryset)
        return selectors.requests_due_soon(queryset)
