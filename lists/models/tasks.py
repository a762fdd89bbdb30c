"""任务清单: task lists in numbered sections, with units, time limits and dated progress."""

import re
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel

from cms.models import ReviewedSnippet

YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})年")
STATUS_CHOICES = [
    ("not_started", "未开始"),
    ("in_progress", "推进中"),
    ("done", "已完成"),
]


class TaskList(ReviewedSnippet):
    """A task list. Its publication passes 部门审核 → 保密审查; its sections, tasks and progress
    reports are separate rows, shown to the public only while the list is live."""

    title = models.CharField("清单名称", max_length=200, unique=True)
    issuer = models.CharField("印发机关", max_length=100, blank=True)
    issued_date = models.DateField("印发日期", null=True, blank=True)
    notice = models.TextField("印发通知", blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("issuer"),
        FieldPanel("issued_date"),
        FieldPanel("notice"),
    ]

    class Meta:
        verbose_name = "任务清单"
        verbose_name_plural = "任务清单"
        ordering = ["-issued_date", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from lists.links import task_list_url

        return task_list_url(self)

    @property
    def year(self) -> int | None:
        """The year the list plans for: the first "2020年" in its title (年度重点任务清单 are
        named by year), else the year it was issued; None when neither says."""
        found = YEAR_IN_TITLE.search(self.title)
        if found:
            return int(found.group(1))
        return self.issued_date.year if self.issued_date else None

    def year_ended(self, today: date | None = None) -> bool:
        """After its year a list is read for what was achieved (完成情况), not chased for
        deadlines, so its pages stop flagging 已逾期."""
        today = today or timezone.localdate()
        return self.year is not None and today.year > self.year

    def completion(self) -> dict[str, int]:
        """完成情况: how many tasks are done and how many are not, by status."""
        counts = dict(self.tasks.values_list("status").annotate(n=models.Count("pk")))
        done = counts.get("done", 0)
        total = sum(counts.values())
        return {
            "total": total,
            "done": done,
            "undone": total - done,
            "in_progress": counts.get("in_progress", 0),
            "not_started": counts.get("not_started", 0),
        }


class TaskSection(models.Model):
    """一、二… headings; `number` is the position, the label is derived from it."""

    task_list = models.ForeignKey(TaskList, on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveSmallIntegerField("序号")
    title = models.CharField("标题", max_length=200)

    panels = [FieldPanel("task_list"), FieldPanel("number"), FieldPanel("title")]

    class Meta:
        verbose_name = "任务清单部分"
        verbose_name_plural = "任务清单部分"
        ordering = ["task_list", "number"]
        constraints = [
            models.UniqueConstraint(fields=["task_list", "number"], name="unique_section_number")
        ]

    def __str__(self) -> str:
        from lists.parsing import chinese_numeral

        return f"{chinese_numeral(self.number)}、{self.title}"


class Task(models.Model):
    task_list = models.ForeignKey(
        TaskList, verbose_name="任务清单", on_delete=models.CASCADE, related_name="tasks"
    )
    section = models.ForeignKey(
        TaskSection, verbose_name="所属部分", on_delete=models.CASCADE, related_name="tasks"
    )
    number = models.PositiveSmallIntegerField("序号")
    title = models.CharField("任务", max_length=200)
    description = models.TextField("任务内容", blank=True)
    lead_units = models.ManyToManyField(
        "lists.Unit",
        verbose_name="牵头单位",
        related_name="led_tasks",
        blank=True,
        through="lists.TaskLeadUnit",
    )
    cooperation = models.CharField(
        "配合单位",
        max_length=300,
        blank=True,
        help_text="按原文填写，如“各相关司局、各省税务局分别落实”。",
    )
    deadline_text = models.CharField("完成时限", max_length=300, help_text="按原文填写。")
    # Read from deadline_text by lists.services.task_save, so overdue tasks can be queried.
    due_date = models.DateField("截止日期", null=True, blank=True, help_text="由完成时限解析得出。")
    status = models.CharField("状态", max_length=12, choices=STATUS_CHOICES, default="in_progress")

    panels = [
        FieldPanel("task_list"),
        FieldPanel("section"),
        FieldPanel("number"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("lead_units"),
        FieldPanel("cooperation"),
        FieldPanel("deadline_text"),
        FieldPanel("status"),
    ]

    class Meta:
        verbose_name = "任务"
        verbose_name_plural = "任务"
        ordering = ["task_list", "number"]
        constraints = [
            models.UniqueConstraint(fields=["task_list", "number"], name="unique_task_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        from lists.links import task_url

        return task_url(self)

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status != "done" and self.due_date is not None and self.due_date < today

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    @property
    def ordered_lead_units(self) -> list:
        """牵头单位 in the order the list names them (the first leads)."""
        return [link.unit for link in self.lead_unit_links.select_related("unit")]

    @property
    def responsibility_text(self) -> str:
        """责任单位 as the list prints it: 'A、B牵头，C分别落实'."""
        lead = "、".join(unit.name for unit in self.ordered_lead_units)
        parts = [f"{lead}牵头"] if lead else []
        if self.cooperation:
            parts.append(self.cooperation)
        return "，".join(parts)


class TaskLeadUnit(models.Model):
    """Keeps the order of 牵头单位 as written; the first named unit leads."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="lead_unit_links")
    unit = models.ForeignKey("lists.Unit", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["task", "unit"], name="unique_task_unit")]


class TaskProgress(models.Model):
    wagtail_reference_index_ignore = True

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress_updates")
    reported_on = models.DateField("日期", default=timezone.localdate)
    note = models.TextField("进展情况")
    status = models.CharField("更新后状态", max_length=12, choices=STATUS_CHOICES)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "任务进展"
        verbose_name_plural = "任务进展"
        ordering = ["-reported_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.task} {self.reported_on}"
