from import_export.fields import Field

from lists.models import POWER_TYPE_CHOICES, PowerItem, Unit
from lists.resources.base import REASON_COLUMN, ListResource
from lists.services import power_item_delete, power_item_save
from portal.spreadsheets.imports import delete_field
from portal.spreadsheets.widgets import (
    ChoiceWidget,
    DateWidget,
    NamedForeignKeyWidget,
    TextWidget,
    cell_text,
)

DEFAULT_REASON = "批量导入"


class PowerItemResource(ListResource):
    """权责清单: one row per item, identified by 事项编码; 子项 one per line in its cell. Every
    created, changed or deleted item enters the 动态调整 history with the file's 调整原因 (or
    批量导入) and the importing person."""

    required_columns = ["事项编码", "事项名称", "权力类型", "实施主体", "设定依据"]
    key_columns = ["事项编码"]
    published_filter = {"live": True}

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
    effective_date = Field(attribute="effective_date", column_name="生效日期", widget=DateWidget())
    change_reason = Field(attribute="change_reason", column_name=REASON_COLUMN, widget=TextWidget())
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

    def save_instance(self, instance, is_create, row, **kwargs) -> None:
        power_item_save(item=instance, user=kwargs.get("user"), reason=self._reason(row))

    def delete_instance(self, instance, row, **kwargs) -> None:
        power_item_delete(item=instance, user=kwargs.get("user"), reason=self._reason(row))

    def _reason(self, row) -> str:
        return cell_text(row.get(REASON_COLUMN)) or DEFAULT_REASON
