from import_export.fields import Field

from lists.models import POWER_TYPE_CHOICES, PowerItem, Unit
from lists.resources.base import ListResource, delete_field
from lists.resources.widgets import (
    ChoiceWidget,
    DateCellWidget,
    NamedForeignKeyWidget,
    TextWidget,
    cell_text,
)

DEFAULT_REASON = "批量导入"


class PowerItemResource(ListResource):
    """权责清单: one row per item, identified by 事项编码; 子项 one per line in its cell."""

    required_columns = ["事项编码", "事项名称", "权力类型", "实施主体", "设定依据"]
    key_columns = ["事项编码"]

    code = Field(attribute="code", column_name="事项编码", widget=TextWidget())
    name = Field(attribute="name", column_name="事项名称", widget=TextWidget())
    power_type = Field(
        attribute="power_type",
        column_name="权力类型",
        widget=ChoiceWidget(POWER_TYPE_CHOICES, "权力类型"),
    )
    sub_items = Field(attribute="sub_items", column_name="子项", widget=TextWidget())
    implementing_body = Field(
        attribute="implementing_body", column_name="实施主体", widget=TextWidget()
    )
    handling_unit = Field(
        attribute="handling_unit",
        column_name="承办机构",
        widget=NamedForeignKeyWidget(Unit, "name", "承办机构"),
    )
    legal_basis = Field(attribute="legal_basis", column_name="设定依据", widget=TextWidget())
    responsibilities = Field(
        attribute="responsibilities", column_name="责任事项", widget=TextWidget()
    )
    accountability = Field(attribute="accountability", column_name="追责情形", widget=TextWidget())
    supervision_phone = Field(
        attribute="supervision_phone", column_name="监督电话", widget=TextWidget()
    )
    effective_date = Field(
        attribute="effective_date", column_name="生效日期", widget=DateCellWidget()
    )
    change_reason = Field(attribute="change_reason", column_name="调整原因", widget=TextWidget())
    delete = delete_field()

    class Meta:
        model = PowerItem
        import_id_fields = ["code"]
        fields = export_order = (
            "code",
            "name",
            "power_type",
            "sub_items",
            "implementing_body",
            "handling_unit",
            "legal_basis",
            "responsibilities",
            "accountability",
            "supervision_phone",
            "effective_date",
            "change_reason",
            "delete",
        )
        use_transactions = True
        clean_model_instances = True
        rollback_on_validation_errors = True
        skip_html_diff = True

    def get_queryset(self):
        return PowerItem.objects.select_related("handling_unit").order_by("code")

    def skip_row(self, instance, original, row, import_validation_errors=None) -> bool:
        """调整原因 alone is not a change of the item."""
        if import_validation_errors or original is None or original.pk is None:
            return False
        keep = instance.change_reason
        instance.change_reason = original.change_reason
        same = self.export_resource(original) == self.export_resource(instance)
        instance.change_reason = keep
        return same

    def before_save_instance(self, instance, row, **kwargs) -> None:
        super().before_save_instance(instance, row, **kwargs)
        if not cell_text(row.get("调整原因")):
            instance.change_reason = DEFAULT_REASON

    def delete_instance(self, instance, row, **kwargs) -> None:
        instance.change_reason = cell_text(row.get("调整原因")) or DEFAULT_REASON
        super().delete_instance(instance, row, **kwargs)
