"""The annual report page and the staff's record of reconsiderations and lawsuits.

The page stores the figures computed when the draft was generated (`figures`), so the published
report never changes behind the reader's back; the consistency checks compare that snapshot with
a fresh computation before publishing. Rules live in `checks`, `selectors` and `services`.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpRequest
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.models.workflows import AbstractGroupApprovalTask
from wagtail.search import index

from annual_report.appeals import RESULTS, ROUTES
from annual_report.figures import empty_figures
from cms.models.base import ColumnIndexPage
from cms.review import ReviewedPage

NARRATIVE_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link"]


class AppealCase(models.Model):
    """One administrative reconsideration or lawsuit about a disclosure request (section 四)."""

    request = models.ForeignKey(
        "disclosure.DisclosureRequest",
        verbose_name="涉及的申请",
        on_delete=models.PROTECT,
        related_name="appeal_cases",
    )
    route = models.CharField("类型", max_length=40, choices=ROUTES)
    case_number = models.CharField("案号", max_length=100, blank=True)
    filed_on = models.DateField("立案（受理）日期")
    result = models.CharField("结果", max_length=20, choices=RESULTS, default="pending")
    decided_on = models.DateField("审结日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    panels = [
        FieldPanel("request"),
        FieldRowPanel([FieldPanel("route"), FieldPanel("case_number")]),
        FieldRowPanel([FieldPanel("filed_on"), FieldPanel("result"), FieldPanel("decided_on")]),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = "复议诉讼案件"
        verbose_name_plural = "复议诉讼案件"
        ordering = ["-filed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_route_display()} {self.case_number or self.pk}"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.result == "pending" and self.decided_on:
            errors["decided_on"] = "尚未审结的案件不应填写审结日期；如已审结，请选择结果。"
        if self.result != "pending" and not self.decided_on:
            errors["decided_on"] = "已审结的案件请填写审结日期。"
        if self.decided_on and self.filed_on and self.decided_on < self.filed_on:
            errors["decided_on"] = "审结日期不能早于立案（受理）日期。"
        if errors:
            raise ValidationError(errors)


class AnnualReportIndexPage(ColumnIndexPage):
    """政府信息公开年报 column: one annual report per year, newest year first."""

    parent_page_types = ["cms.DisclosureIndexPage"]
    subpage_types: list[str] = ["annual_report.AnnualReportPage"]
    max_count = 1
    template = "cms/column_index_page.html"

    class Meta:
        verbose_name = "政府信息公开年报栏目"

    def get_listing_queryset(self, request: HttpRequest):
        """Every published year stays listed, the latest report first."""
        return AnnualReportPage.objects.child_of(self).live().public().order_by("-year", "-pk")


class AnnualReportPage(ReviewedPage, Page):
    """政府信息公开工作年度报告 for one calendar year."""

    year = models.PositiveSmallIntegerField(
        "报告年度",
        validators=[MinValueValidator(2008), MaxValueValidator(2100)],
        help_text="报告所统计的年度，例如 2025。",
    )
    overview = RichTextField("一、总体情况", blank=True, features=NARRATIVE_FEATURES)
    problems = RichTextField(
        "五、存在的主要问题及改进情况", blank=True, features=NARRATIVE_FEATURES
    )
    other_matters = RichTextField(
        "六、其他需要报告的事项",
        blank=True,
        features=NARRATIVE_FEATURES,
        help_text="信息处理费收取情况由系统根据申请台账自动列出，无需在此填写。",
    )
    figures = models.JSONField("生成的统计数字", default=dict, blank=True, editable=False)
    figures_generated_at = models.DateTimeField("草稿生成时间", null=True, blank=True)

    parent_page_types = ["annual_report.AnnualReportIndexPage"]
    subpage_types: list[str] = []
    template = "annual_report/annual_report_page.html"
    search_fields = [
        *Page.search_fields,
        index.SearchField("overview"),
        index.SearchField("problems"),
        index.SearchField("other_matters"),
        index.FilterField("year"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("year"),
        HelpPanel(
            template="annual_report/admin/review_panel.html",
            heading="统计数字与一致性检查",
        ),
        FieldPanel("overview"),
        FieldPanel("problems"),
        FieldPanel("other_matters"),
    ]

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"

    def report_figures(self) -> dict:
        """The draft's figures, or zeros before a draft was generated."""
        return self.figures or empty_figures(self.year)

    def get_context(self, request, *args, **kwargs) -> dict:
        from annual_report.presentation import report_context

        context = super().get_context(request, *args, **kwargs)
        context.update(report_context(self))
        context["other_reports"] = (
            AnnualReportPage.objects.live().public().exclude(pk=self.pk).order_by("-year")
        )
        return context

    def publish(self, revision, *args, **kwargs):
        """A report that fails a consistency check cannot go live, whatever path publishes it."""
        from annual_report.selectors import report_failures
        from annual_report.services import ReportPublishRefused

        failures = report_failures(revision.as_object())
        if failures:
            raise ReportPublishRefused([failure.message for failure in failures])
        return super().publish(revision, *args, **kwargs)


class ReportApprovalTask(AbstractGroupApprovalTask):
    """Group approval that re-runs the report's consistency checks when a reviewer approves.

    A report whose numbers fail a check (or changed after the draft was generated) is sent back
    to the editor with the reasons as the reviewer's comment, instead of being published.
    """

    class Meta:
        verbose_name = "年报审核（含一致性检查）"
        verbose_name_plural = "年报审核（含一致性检查）"

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            from annual_report.selectors import report_failures

            report = task_state.revision.as_object()
            failures = report_failures(report) if isinstance(report, AnnualReportPage) else []
            if failures:
                comment = "报告未通过一致性检查，已退回修改：" + "；".join(
                    failure.message for failure in failures
                )
                return super().on_action(task_state, user, "reject", comment=comment[:2000])
        return super().on_action(task_state, user, action_name, **kwargs)


from annual_report.forms import AnnualReportPageForm  # noqa: E402

AnnualReportPage.base_form_class = AnnualReportPageForm
