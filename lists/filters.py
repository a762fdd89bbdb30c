"""Filters of the public lists: 权责清单 (type, unit, q), 办税指南 (type, channel, q) and the tasks
of one 任务清单 (unit, status — including "overdue" —, q)."""

import django_filters
from django.db.models import QuerySet
from django.utils import timezone

from lists.models import POWER_TYPE_CHOICES, Unit
from lists.models.guides import GUIDE_TYPE_CHOICES
from lists.models.tasks import STATUS_CHOICES
from portal.filtering import CodeOrLabelFilter, KeywordFilter, RecordFilter

CHANNELS = [("online", "线上"), ("offline", "线下"), ("contactless", "非接触式")]
OVERDUE = ("overdue", "已逾期")


class PowerItemFilter(django_filters.FilterSet):
    type = CodeOrLabelFilter(
        field_name="power_type", choices=POWER_TYPE_CHOICES, message="未知的权力类型：{value}"
    )
    unit = RecordFilter(
        field_name="handling_unit",
        queryset=Unit.objects.all(),
        error_messages={"invalid_choice": "未知的承办机构。"},
    )
    q = KeywordFilter(fields=["name", "code", "legal_basis"])


class ServiceGuideFilter(django_filters.FilterSet):
    type = CodeOrLabelFilter(
        field_name="guide_type", choices=GUIDE_TYPE_CHOICES, message="未知的事项类型：{value}"
    )
    channel = CodeOrLabelFilter(
        choices=CHANNELS, message="未知的办理渠道：{value}", method="by_channel"
    )
    q = KeywordFilter(fields=["name", "legal_basis"])

    def by_channel(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(**{value: True})


class TaskFilter(django_filters.FilterSet):
    unit = RecordFilter(
        field_name="lead_units",
        queryset=Unit.objects.all(),
        distinct=True,
        error_messages={"invalid_choice": "未知的牵头单位。"},
    )
    status = CodeOrLabelFilter(
        choices=[*STATUS_CHOICES, OVERDUE], message="未知的状态：{value}", method="by_status"
    )
    q = KeywordFilter(fields=["title", "description"])

    def by_status(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        """已逾期: dated, unfinished and past its date today (Beijing time)."""
        if value == OVERDUE[0]:
            return qs.exclude(status="done").filter(due_date__lt=timezone.localdate())
        return qs.filter(status=value)
