"""Structured lists: 机构职能 units, 权责清单, 办税指南 and 任务清单."""

from lists.models.columns import PowerListIndexPage, ServiceGuideIndexPage, TaskListIndexPage
from lists.models.guides import GuideFAQ, GuideMaterial, GuideStep, ServiceGuide
from lists.models.power import POWER_TYPE_CHOICES, PowerItem, PowerItemChange
from lists.models.tasks import Task, TaskLeadUnit, TaskList, TaskProgress, TaskSection
from lists.models.units import Unit

__all__ = [
    "POWER_TYPE_CHOICES",
    "GuideFAQ",
    "GuideMaterial",
    "GuideStep",
    "PowerItem",
    "PowerListIndexPage",
    "ServiceGuideIndexPage",
    "TaskListIndexPage",
    "PowerItemChange",
    "ServiceGuide",
    "Task",
    "TaskLeadUnit",
    "TaskList",
    "TaskProgress",
    "TaskSection",
    "Unit",
]
