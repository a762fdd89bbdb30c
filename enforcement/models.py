"""Rows of the 第二十条 columns and their two column pages.

- `EnforcementDecision`: one 行政许可, 行政处罚 or 行政强制 decision as published
  (第二十条第（五）（六）项).
- `FeeItem`: one 行政事业性收费 item in one year, with the amount collected that year (第（八）项).

Rows are snippets with drafts, revisions and workflows, so a row reaches the public only when
published (through review); the public pages and the annual report read live rows only. Rules
live in `rules` and `services`; reads in `selectors`; the annual report reads `reporting`.
"""

from decimal import Decimal

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from cms.models.base import ColumnIndexPage, paginate
from cms.models.review import ReviewedSnippet
from cms.review import ReviewedPage
from enforcement.rules import (
    KIND_CHOICES,
    PARTY_CHOICES,
    PARTY_LEGAL,
    PARTY_NATURAL,
    credit_code_problem,
    public_party,
)


def _revisions(name: str) -> GenericRelation:
    return GenericRelation("wagtailcore.Revision", related_query_name=name)


def _workflow_states(name: str) -> GenericRelation:
    return GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name=name,
        for_concrete_model=False,
    )


class EnforcementDecision(ReviewedSnippet):
    """A 行政许可, 行政处罚 or 行政强制 decision, published as the 执法公示 asks."""

    kind = models.CharField("类别", max_length=2, choices=KIND_CHOICES)
    document_number = models.CharField(
        "决定书文号", max_length=100, unique=True, help_text="例如：京税稽罚〔2025〕12号。"
    )
    party_name = models.CharField(
        "当事人（行政相对人）名称",
        max_length=200,
        help_text="自然人的姓名在公开页面中只显示姓氏，其余以*代替。",
    )
    party_type = models.CharField(
        "当事人类型", max_length=20, choices=PARTY_CHOICES, default=PARTY_LEGAL
    )
    credit_code = models.CharField(
        "统一社会信用代码",
        max_length=18,
        blank=True,
        help_text="法人或其他组织必填；自然人不填（身份证件号码不公开）。",
    )
    matter = models.CharField("事项名称（案由）", max_length=300)
    basis = models.TextField("依据")
    content = models.TextField("决定内容（结果）")
    decided_on = models.DateField("决定日期")
    unit = models.ForeignKey(
        "lists.Unit",
        verbose_name="作出决定机关",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    publicity_until = models.DateField(
        "公示截止日期",
        null=True,
        blank=True,
        help_text="期满后不再在网站公示，年度报告仍计入；不填则长期公示。",
    )
    index_number = models.CharField("索引号", max_length=40, unique=True, editable=False)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    _revisions = _revisions("enforcement_decision")
    workflow_states = _workflow_states("enforcement_decision")

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("document_number")]),
        MultiFieldPanel(
            [FieldPanel("party_name"), FieldPanel("party_type"), FieldPanel("credit_code")],
            heading="当事人",
        ),
        FieldPanel("matter"),
        FieldPanel("basis"),
        FieldPanel("content"),
        FieldRowPanel([FieldPanel("decided_on"), FieldPanel("unit")]),
        FieldPanel("publicity_until"),
    ]

    class Meta:
        verbose_name = "行政执法决定"
        verbose_name_plural = "行政执法决定"
        ordering = ["-decided_on", "-pk"]

    @property
    def revisions(self):
        return self._revisions

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.document_number}"

    @property
    def public_party(self) -> str:
        return public_party(self.party_name, self.party_type)

    def save(self, *args, **kwargs) -> None:
        if not self.index_number and self.decided_on:
            from enforcement.numbering import next_index_number

            self.index_number = next_index_number(type(self), self.kind, self.decided_on.year)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        errors = {}
        self.credit_code = (self.credit_code or "").strip().upper()
        if self.party_type == PARTY_NATURAL:
            if self.credit_code:
                errors["credit_code"] = "当事人为自然人时不填写统一社会信用代码。"
        elif not self.credit_code:
            errors["credit_code"] = "当事人为法人、其他组织或个体工商户时，请填写统一社会信用代码。"
        else:
            problem = credit_code_problem(self.credit_code)
            if problem:
                errors["credit_code"] = problem
        if self.publicity_until and self.decided_on and self.publicity_until < self.decided_on:
            errors["publicity_until"] = "公示截止日期不能早于决定日期。"
        if errors:
            raise ValidationError(errors)


class FeeItem(ReviewedSnippet):
    """One 行政事业性收费 item in one year: what is charged, on what basis, and how much came in."""

    year = models.PositiveSmallIntegerField(
        "年度", validators=[MinValueValidator(2008), MaxValueValidator(2100)]
    )
    name = models.CharField("收费项目名称", max_length=200)
    basis = models.TextField("依据文件", help_text="设立收费项目和核定收费标准的文件名称及文号。")
    standard = models.TextField("收费标准")
    amount = models.DecimalField(
        "本年收费金额（万元）",
        max_digits=14,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="本年度实际收取的金额，单位万元；年度报告表二据此合计。",
    )
    unit = models.ForeignKey(
        "lists.Unit",
        verbose_name="收费单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    index_number = models.CharField("索引号", max_length=40, unique=True, editable=False)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    _revisions = _revisions("fee_item")
    workflow_states = _workflow_states("fee_item")

    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("name")]),
        FieldPanel("basis"),
        FieldPanel("standard"),
        FieldRowPanel([FieldPanel("amount"), FieldPanel("unit")]),
    ]

    class Meta:
        verbose_name = "行政事业性收费项目"
        verbose_name_plural = "行政事业性收费项目"
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "name"], name="enforcement_fee_year_name")
        ]

    @property
    def revisions(self):
        return self._revisions

    def __str__(self) -> str:
        return f"{self.year}年 {self.name}"

    @property
    def amount_text(self) -> str:
        """万元 with the decimals that matter: 12.5, 0, 3.1416."""
        return "" if self.amount is None else f"{Decimal(self.amount).normalize():f}"

    def save(self, *args, **kwargs) -> None:
        if not self.index_number and self.year:
            from enforcement.numbering import next_index_number

            self.index_number = next_index_number(type(self), "fee", int(self.year))
        super().save(*args, **kwargs)

    def validate_unique(self, exclude=None) -> None:
        """The same item twice in one year, said in Chinese (Django's default names the fields)."""
        clash = FeeItem.objects.filter(year=self.year, name=self.name).exclude(pk=self.pk)
        if self.year and self.name and clash.exists():
            raise ValidationError({"name": f"{self.year}年已有收费项目“{self.name}”。"})
        super().validate_unique(exclude=exclude)


class _RowColumn(ReviewedPage, RoutablePageMixin, ColumnIndexPage):
    """A 第二十条 column: its live rows with filters, a download and one page per row."""

    parent_page_types = ["cms.StatutoryContentIndexPage"]
    subpage_types: list[str] = []
    max_count = 1
    kind = ""  # "decisions" or "fees", the selectors' and downloads' name for the rows

    class Meta:
        abstract = True

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from enforcement.selectors import column_listing

        context = super(ColumnIndexPage, self).get_context(request, *args, **kwargs)
        found = column_listing(self.kind, request.GET)
        context.update(found)
        context["items"] = paginate(found["rows"], request)
        query = request.GET.copy()
        query.pop("page", None)
        context["extra_query"] = query.urlencode()
        return context

    @path("download/xlsx/", name="download")
    def download(self, request: HttpRequest) -> HttpResponse:
        """The rows matching the visitor's filters as a spreadsheet (条例第二十四条: 下载)."""
        from django.utils import timezone

        from enforcement.exporting import export_filename, public_workbook
        from enforcement.selectors import column_listing
        from portal.spreadsheets.exports import download_response

        found = column_listing(self.kind, request.GET)
        return download_response(
            public_workbook(self.kind, found["rows"]),
            export_filename(self.kind, timezone.localdate()),
        )

    @path("<int:pk>/", name="item")
    def item(self, request: HttpRequest, pk: int) -> HttpResponse:
        from enforcement.selectors import public_row, row_fields

        row = public_row(self.kind, pk)
        if row is None:
            raise Http404("未找到该公示信息。")
        base = super(ColumnIndexPage, self).get_context(request)
        return TemplateResponse(
            request,
            "enforcement/row_page.html",
            {**base, "page": self, "row": row, "fields": row_fields(self.kind, row)},
        )


class EnforcementIndexPage(_RowColumn):
    """行政执法公示: 行政许可, 行政处罚 and 行政强制 decisions."""

    template = "enforcement/decision_list_page.html"
    kind = "decisions"

    class Meta:
        verbose_name = "行政执法公示栏目"


class FeeIndexPage(_RowColumn):
    """行政事业性收费: items with their basis, standard and yearly amount."""

    template = "enforcement/fee_list_page.html"
    kind = "fees"

    class Meta:
        verbose_name = "行政事业性收费栏目"
