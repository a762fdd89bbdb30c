"""factory-boy builders for the lists and the staff who edit them.

Power items and tasks are written through `lists.services`, as the admin and imports write
them, so a built item has its 动态调整 history and a built task its 截止日期.
"""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from lists.models import PowerItem, Task, TaskList, TaskSection, Unit
from lists.services import power_item_save, task_save

AGENCY_CODE = "11100000000013239N"


class StaffFactory(factory.django.DjangoModelFactory):
    """A staff user in the editorial groups named by `groups` (编辑, 审核人, 保密审查员)."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    password = factory.django.Password("pw")

    @factory.post_generation
    def groups(self, create: bool, names: list[str] | None, **kwargs) -> None:
        for name in names or []:
            self.groups.add(Group.objects.get(name=name))


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试司{n}")
    phone = "12366"


class PowerItemFactory(factory.Factory):
    """A published 行政处罚 item (as the operator's loader publishes it, with no person); with
    `publish=False` a draft submitted to review. `reason` and `user` go to its history."""

    class Meta:
        model = PowerItem

    code = factory.Sequence(lambda n: f"{AGENCY_CODE}-CF-{n + 100:03d}")
    name = factory.Sequence(lambda n: f"测试处罚事项{n}")
    power_type = "CF"
    implementing_body = "县级以上税务机关"
    legal_basis = "《中华人民共和国税收征收管理法》第六十二条"
    handling_unit = factory.SubFactory(UnitFactory)

    @classmethod
    def _create(
        cls, model_class, *, reason: str = "测试数据", user=None, publish: bool = True, **kwargs
    ) -> PowerItem:
        item = model_class(**kwargs)
        power_item_save(item=item, user=user, reason=reason, submit=not publish)
        if publish:
            item.get_latest_revision().publish()
        item.refresh_from_db()
        return item


class TaskListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskList

    title = factory.Sequence(lambda n: f"测试任务清单{n}")


class TaskSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskSection

    task_list = factory.SubFactory(TaskListFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = "测试部分"


class TaskFactory(factory.Factory):
    """A task led by one new unit, due by the end of 2020 unless `deadline_text` says else."""

    class Meta:
        model = Task

    task_list = factory.SubFactory(TaskListFactory)
    section = factory.SubFactory(TaskSectionFactory, task_list=factory.SelfAttribute("..task_list"))
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"测试任务{n}")
    deadline_text = "2020年12月底前"
    lead_units = factory.LazyFunction(lambda: [UnitFactory()])

    @classmethod
    def _create(cls, model_class, *, lead_units: list[Unit], **kwargs) -> Task:
        return task_save(task=model_class(**kwargs), lead_units=lead_units)
