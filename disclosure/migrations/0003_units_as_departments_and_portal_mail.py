"""承办部门 become units of 机构职能 (lists.Unit) and mail moves to the portal's one queue.

Existing assignments keep their department: each `Department` is matched to the unit of the same
name (created when missing) and its members join that unit. The office group loses the
permissions on the removed `Department` model and may instead view and change units, so it can
still say who works in which 承办部门. Unsent `OutboxEmail` rows are not carried over (no release
has been deployed; `portal.OutboxMessage` starts empty).
"""

import django.db.models.deletion
from django.db import migrations, models

OFFICE = "政府信息公开办公室"
UNIT_ACTIONS = ("view", "change")


def departments_to_units(apps, schema_editor):
    Assignment = apps.get_model("disclosure", "Assignment")
    Department = apps.get_model("disclosure", "Department")
    Unit = apps.get_model("lists", "Unit")
    for department in Department.objects.all():
        unit, _ = Unit.objects.get_or_create(name=department.name)
        unit.members.add(*department.members.all())
        Assignment.objects.filter(department=department).update(unit=unit)


def units_to_departments(apps, schema_editor):
    Assignment = apps.get_model("disclosure", "Assignment")
    Department = apps.get_model("disclosure", "Department")
    for assignment in Assignment.objects.select_related("unit"):
        department, _ = Department.objects.get_or_create(name=assignment.unit.name)
        department.members.add(*assignment.unit.members.all())
        assignment.department = department
        assignment.save(update_fields=["department"])


def office_permissions_for_units(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission.objects.filter(
        content_type__app_label="disclosure", content_type__model__in=["department", "outboxemail"]
    ).delete()
    unit_type, _ = ContentType.objects.get_or_create(app_label="lists", model="unit")
    permissions = [
        Permission.objects.get_or_create(
            content_type=unit_type,
            codename=f"{action}_unit",
            defaults={"name": f"Can {action} 机构职能"},
        )[0]
        for action in UNIT_ACTIONS
    ]
    office, _ = Group.objects.get_or_create(name=OFFICE)
    office.permissions.add(*permissions)


def revoke_office_unit_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    office = Group.objects.filter(name=OFFICE).first()
    if office is not None:
        office.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="lists",
                codename__in=[f"{action}_unit" for action in UNIT_ACTIONS],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0002_groups_and_notice_templates"),
        ("lists", "0003_unit_is_agency_unit_members_and_more"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="assignment",
            name="unit",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="lists.unit",
            ),
        ),
        # Nullable while both columns exist, so the migration also runs backwards with data.
        migrations.AlterField(
            model_name="assignment",
            name="department",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="assignments",
                to="disclosure.department",
                verbose_name="承办部门",
            ),
        ),
        migrations.RunPython(departments_to_units, units_to_departments),
        migrations.RemoveField(model_name="assignment", name="department"),
        migrations.RenameField(model_name="assignment", old_name="unit", new_name="department"),
        migrations.AlterField(
            model_name="assignment",
            name="department",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="disclosure_assignments",
                to="lists.unit",
                verbose_name="承办部门",
            ),
        ),
        migrations.DeleteModel(name="Department"),
        migrations.DeleteModel(name="OutboxEmail"),
        migrations.RunPython(office_permissions_for_units, revoke_office_unit_permissions),
        migrations.AlterField(
            model_name="noticetemplate",
            name="body",
            field=models.TextField(
                help_text="可用变量：{{ number }} 申请编号、{{ applicant_name }} 申请人、"
                "{{ description }} 所需信息、{{ received_on }} 收到日期、{{ reply_due_on }} 答复期限、"
                "{{ issued_on }} 出具日期、{{ office_name }} 出具机关、{{ items }} 补正事项、"
                "{{ step_due_on }} 本环节期限、{{ extension_days }} 延长天数、{{ reason }} 理由、"
                "{{ party }} 被征求意见方、{{ outcome }} 办理结果、{{ reply_text }} 答复内容、"
                "{{ fee_amount }} 金额、{{ fee_calculation }} 计算过程；法定期限：{{ reply_days }} "
                "答复工作日数、{{ consultation_days }} 征求意见工作日数、{{ appeal_review_days }} "
                "申请复议天数、{{ appeal_litigation_months }} 起诉月数。",
                verbose_name="正文模板",
            ),
        ),
    ]
