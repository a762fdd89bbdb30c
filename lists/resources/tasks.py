from django.core.exceptions import ValidationError
from import_export.fields import Field

from lists.models import Task, TaskList, TaskSection
from lists.models.tasks import STATUS_CHOICES
from lists.parsing import split_section_heading
from lists.resources.base import ListResource
from lists.services import task_list_submit, task_save, task_set_lead_units, units_by_name
from portal.errors import RuleViolation
from portal.spreadsheets.imports import delete_field
from portal.spreadsheets.widgets import (
    ChoiceWidget,
    NameListWidget,
    PositiveIntWidget,
    TextWidget,
    cell_text,
)


class TaskListWidget(TextWidget):
    """任务清单 by title; a new title starts a new draft list (inside the import's
    transaction), submitted to review with its tasks (`TaskResource.after_save_instance`)."""

    def clean(self, value, row=None, **kwargs) -> TaskList:
        title = cell_text(value)
        if not title:
            raise ValueError("任务清单名称不能为空")
        if len(title) > TaskList._meta.get_field("title").max_length:
            raise ValueError("任务清单名称过长")
        task_list, _ = TaskList.objects.get_or_create(title=title, defaults={"live": False})
        return task_list

    def render(self, value, obj=None, **kwargs) -> str:
        return value.title if value else ""


class TaskResource(ListResource):
    """任务清单: one row per task, identified by 任务清单 and 序号. 部分 is the heading as printed
    (一、…); 牵头单位 are 机构职能 units separated by 、; 完成时限 stays as written."""

    required_columns = ["任务清单", "部分", "序号", "任务", "牵头单位", "完成时限"]
    key_columns = ["任务清单", "序号"]
    published_filter = {"task_list__live": True}

    task_list = Field(attribute="task_list", column_name="任务清单", widget=TaskListWidget())
    section = Field(column_name="部分", readonly=True)
    number = Field(attribute="number", column_name="序号", widget=PositiveIntWidget("序号"))
    title = Field(attribute="title", column_name="任务", widget=TextWidget())
    description = Field(attribute="description", column_name="任务内容", widget=TextWidget())
    lead_units = Field(column_name="牵头单位", readonly=True)
    cooperation = Field(attribute="cooperation", column_name="配合单位", widget=TextWidget())
    deadline_text = Field(attribute="deadline_text", column_name="完成时限", widget=TextWidget())
    status = Field(
        attribute="status", column_name="状态", widget=ChoiceWidget(STATUS_CHOICES, "状态")
    )
    delete = delete_field()

    class Meta:
        model = Task
        import_id_fields = ["task_list", "number"]
        fields = export_order = (
            "task_list",
            "section",
            "number",
            "title",
            "description",
            "lead_units",
            "cooperation",
            "deadline_text",
            "status",
            "delete",
        )
        use_transactions = True
        clean_model_instances = True
        skip_html_diff = True

    def get_queryset(self):
        return Task.objects.select_related("task_list", "section").order_by(
            "task_list__title", "number"
        )

    def before_import_row(self, row, **kwargs) -> None:
        super().before_import_row(row, **kwargs)
        if "状态" in row and not cell_text(row["状态"]):
            row["状态"] = "推进中"

    def dehydrate_section(self, task) -> str:
        pending = getattr(task, "_pending_section", None)
        if pending is not None:
            return pending
        return str(task.section) if task.section_id else ""

    def dehydrate_lead_units(self, task) -> str:
        pending = getattr(task, "_pending_units", None)
        if pending is not None:
            return "、".join(unit.name for unit in pending)
        if task.pk is None:
            return ""
        return "、".join(unit.name for unit in task.ordered_lead_units)

    def parse_related(self, instance, row) -> dict[str, str]:
        errors = {}
        heading = cell_text(row.get("部分"))
        parsed = split_section_heading(heading)
        if parsed is None:
            errors["section"] = f"部分应写作“一、标题”，而不是“{heading}”"
        elif instance.task_list_id:
            number, title = parsed
            section, _ = TaskSection.objects.get_or_create(
                task_list=instance.task_list, number=number, defaults={"title": title}
            )
            if section.title != title:
                section.title = title
                section.save(update_fields=["title"])
            instance.section = section
            instance._pending_section = str(section)
        names = NameListWidget().clean(row.get("牵头单位"))
        if not names:
            errors["lead_units"] = "牵头单位不能为空"
        else:
            try:
                instance._pending_units = units_by_name(names)
            except RuleViolation as error:
                errors["lead_units"] = error.text
        return errors

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if not instance.deadline_text:
            errors.setdefault("deadline_text", []).append(ValidationError("完成时限不能为空"))
        super().validate_instance(instance, errors, validate_unique)

    def do_instance_save(self, instance, is_create) -> None:
        task_save(task=instance)

    def after_save_instance(self, instance, row, **kwargs) -> None:
        """Tasks are published with their list: a list not yet public goes to review."""
        super().after_save_instance(instance, row, **kwargs)
        task_list_submit(task_list=instance.task_list, user=kwargs.get("user"))

    def save_related(self, task) -> None:
        if getattr(task, "_pending_units", None) is not None:
            task_set_lead_units(task=task, units=task._pending_units)
