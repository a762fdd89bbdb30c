from import_export.fields import Field

from lists.models import Unit
from lists.resources.base import ListResource
from lists.services import unit_delete
from portal.spreadsheets.imports import delete_field
from portal.spreadsheets.widgets import PositiveIntWidget, TextWidget, YesNoWidget


class UnitResource(ListResource):
    """机构职能: one row per unit, identified by 机构名称."""

    required_columns = ["机构名称"]
    key_columns = ["机构名称"]

    name = Field(attribute="name", column_name="机构名称", widget=TextWidget())
    functions = Field(attribute="functions", column_name="主要职能", widget=TextWidget())
    head = Field(attribute="head", column_name="负责人", widget=TextWidget())
    address = Field(attribute="address", column_name="办公地址", widget=TextWidget())
    postcode = Field(attribute="postcode", column_name="邮政编码", widget=TextWidget())
    office_hours = Field(attribute="office_hours", column_name="办公时间", widget=TextWidget())
    phone = Field(attribute="phone", column_name="联系电话", widget=TextWidget())
    fax = Field(attribute="fax", column_name="传真", widget=TextWidget())
    email = Field(attribute="email", column_name="电子邮箱", widget=TextWidget())
    is_disclosure_office = Field(
        attribute="is_disclosure_office", column_name="政府信息公开工作机构", widget=YesNoWidget()
    )
    sort_order = Field(
        attribute="sort_order",
        column_name="排序",
        widget=PositiveIntWidget("排序", minimum=0, blank=0),
    )
    delete = delete_field()

    class Meta:
        model = Unit
        import_id_fields = ["name"]
        fields = export_order = (
            "name",
            "functions",
            "head",
            "address",
            "postcode",
            "office_hours",
            "phone",
            "fax",
            "email",
            "is_disclosure_office",
            "sort_order",
            "delete",
        )
        use_transactions = True
        clean_model_instances = True
        skip_html_diff = True

    def get_queryset(self):
        return Unit.objects.order_by("sort_order", "name")

    def delete_instance(self, instance, row, **kwargs) -> None:
        unit_delete(unit=instance)
