"""Spreadsheet columns of the 第二十条 lists (django-import-export resources).

- Chinese headers; an exported file imports back to the same rows (re-importing it changes
  nothing and the preview says so).
- Imports never publish: a new row is saved as a draft, a change to a published row becomes a new
  draft revision while the public keeps seeing the published text, so every row reaches the
  public through review (提交审核 → 发布) like an edit in the admin.
- 删除 = 是 deletes the row (taking it off the public list at once).
- A cell that begins with =, +, - or @ is exported with a leading apostrophe so spreadsheets show
  it as text; the import takes that apostrophe off again.
"""

from decimal import Decimal, InvalidOperation

from import_export import resources
from import_export.fields import Field
from import_export.widgets import Widget

from cms.review import submit_for_review
from enforcement.models import EnforcementDecision, FeeItem
from enforcement.rules import KIND_CHOICES, PARTY_CHOICES
from lists.organisations import unit_choices
from portal.spreadsheets.imports import DELETE_COLUMN, KeyedRows, delete_field
from portal.spreadsheets.widgets import (
    FORMULA_START,
    ChoiceWidget,
    DateWidget,
    NamedForeignKeyWidget,
    TextWidget,
    cell_text,
    safe_cell,
)


class SafeTextWidget(TextWidget):
    def clean(self, value, row=None, **kwargs) -> str:
        text = super().clean(value, row, **kwargs)
        if text.startswith("'") and text[1:].startswith(FORMULA_START):
            text = text[1:]
        return text

    def render(self, value, obj=None, **kwargs) -> str:
        return safe_cell(super().render(value, obj, **kwargs))


class AmountWidget(Widget):
    """万元, up to four decimals, not negative."""

    def clean(self, value, row=None, **kwargs) -> Decimal:
        text = cell_text(value).replace(",", "").replace("，", "")
        if not text:
            raise ValueError("本年收费金额（万元）不能为空（没有收费的填 0）")
        try:
            amount = Decimal(text)
        except InvalidOperation as error:
            raise ValueError(f"本年收费金额（万元）应为数字，而不是“{text}”") from error
        if not amount.is_finite() or amount < 0:
            raise ValueError(f"本年收费金额（万元）不能为负数：{text}")
        if amount.as_tuple().exponent < -4:
            raise ValueError(f"本年收费金额（万元）最多保留4位小数：{text}")
        return amount

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else f"{value.normalize():f}"


class YearWidget(Widget):
    def clean(self, value, row=None, **kwargs) -> int:
        text = cell_text(value).removesuffix("年")
        if not text.isdigit() or not 2008 <= int(text) <= 2100:
            raise ValueError(f"年度应为四位年份，例如 2025，而不是“{text}”")
        return int(text)

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else str(value)


def _unit_widget(what: str) -> NamedForeignKeyWidget:
    return NamedForeignKeyWidget(unit_choices().model, "name", what)


class _RowResource(KeyedRows, resources.ModelResource):
    required_columns: list[str] = []
    key_columns: list[str] = []

    def skip_row(self, instance, original, row, import_validation_errors=None) -> bool:
        if import_validation_errors or original is None or original.pk is None:
            return False
        return self.export_resource(original) == self.export_resource(instance)

    def save_instance(self, instance, is_create, row, **kwargs) -> None:
        """Drafts only, each submitted to its review chain (see the module's docstring); the
        import's transaction decides whether any of it stays."""
        user = kwargs.get("user")
        if is_create:
            instance.live = False
            instance.has_unpublished_changes = True
        if not instance.live:
            instance.save()
        instance.save_revision(user=user, log_action=True)
        if not kwargs.get("dry_run"):  # a preview never notifies reviewers
            submit_for_review(obj=instance, user=user)


class DecisionResource(_RowResource):
    required_columns = [
        "类别",
        "决定书文号",
        "当事人名称",
        "事项名称（案由）",
        "依据",
        "决定内容（结果）",
        "决定日期",
        "作出决定机关",
    ]
    key_columns = ["决定书文号"]

    kind = Field(attribute="kind", column_name="类别", widget=ChoiceWidget(KIND_CHOICES, "类别"))
    document_number = Field(
        attribute="document_number",
        column_name="决定书文号",
        widget=SafeTextWidget(required="决定书文号"),
    )
    party_name = Field(
        attribute="party_name",
        column_name="当事人名称",
        widget=SafeTextWidget(required="当事人名称"),
    )
    party_type = Field(
        attribute="party_type",
        column_name="当事人类型",
        widget=ChoiceWidget(PARTY_CHOICES, "当事人类型", default="legal_person"),
    )
    credit_code = Field(
        attribute="credit_code", column_name="统一社会信用代码", widget=SafeTextWidget()
    )
    matter = Field(attribute="matter", column_name="事项名称（案由）", widget=SafeTextWidget())
    basis = Field(attribute="basis", column_name="依据", widget=SafeTextWidget())
    content = Field(attribute="content", column_name="决定内容（结果）", widget=SafeTextWidget())
    decided_on = Field(attribute="decided_on", column_name="决定日期", widget=DateWidget())
    unit = Field(attribute="unit", column_name="作出决定机关", widget=_unit_widget("作出决定机关"))
    publicity_until = Field(
        attribute="publicity_until", column_name="公示截止日期", widget=DateWidget()
    )
    delete = delete_field()

    class Meta:
        model = EnforcementDecision
        import_id_fields = ["document_number"]
        fields = export_order = (
            "kind",
            "document_number",
            "party_name",
            "party_type",
            "credit_code",
            "matter",
            "basis",
            "content",
            "decided_on",
            "unit",
            "publicity_until",
            "delete",
        )
        use_transactions = True
        clean_model_instances = True
        skip_html_diff = True

    def get_queryset(self):
        return EnforcementDecision.objects.select_related("unit").order_by("-decided_on", "pk")


class FeeResource(_RowResource):
    required_columns = ["年度", "收费项目名称", "依据文件", "收费标准", "本年收费金额（万元）"]
    key_columns = ["年度", "收费项目名称"]

    year = Field(attribute="year", column_name="年度", widget=YearWidget())
    name = Field(
        attribute="name", column_name="收费项目名称", widget=SafeTextWidget(required="收费项目名称")
    )
    basis = Field(attribute="basis", column_name="依据文件", widget=SafeTextWidget())
    standard = Field(attribute="standard", column_name="收费标准", widget=SafeTextWidget())
    amount = Field(attribute="amount", column_name="本年收费金额（万元）", widget=AmountWidget())
    unit = Field(attribute="unit", column_name="收费单位", widget=_unit_widget("收费单位"))
    delete = delete_field()

    class Meta:
        model = FeeItem
        import_id_fields = ["year", "name"]
        fields = export_order = ("year", "name", "basis", "standard", "amount", "unit", "delete")
        use_transactions = True
        clean_model_instances = True
        skip_html_diff = True

    def get_queryset(self):
        return FeeItem.objects.select_related("unit").order_by("-year", "name")


RESOURCES = {"decisions": DecisionResource, "fees": FeeResource}
LABELS = {"decisions": "行政执法公示", "fees": "行政事业性收费"}
STEERING_COLUMNS = (DELETE_COLUMN,)
