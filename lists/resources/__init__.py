"""django-import-export resources, one per list; `RESOURCES` maps the command's kind names."""

from lists.resources.guides import ServiceGuideResource
from lists.resources.power import PowerItemResource
from lists.resources.tasks import TaskResource
from lists.resources.units import UnitResource

RESOURCES = {
    "power": PowerItemResource,
    "guides": ServiceGuideResource,
    "tasks": TaskResource,
    "units": UnitResource,
}
LABELS = {"power": "权责清单", "guides": "办税指南", "tasks": "任务清单", "units": "机构职能"}

__all__ = [
    "LABELS",
    "RESOURCES",
    "PowerItemResource",
    "ServiceGuideResource",
    "TaskResource",
    "UnitResource",
]
