"""Editor-side rules of the report page: one report per year, checks before publish or review."""

from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm

PUBLISHING_ACTIONS = ("action-publish", "action-submit", "action-restart-workflow")


class AnnualReportPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        from annual_report.selectors import report_failures, report_for_year
        from annual_report.services import fill_figures

        year = cleaned.get("year")
        if year is None:
            return cleaned
        if year > timezone.localdate().year:
            self.add_error("year", f"{year} 年尚未开始，不能生成该年度的报告。")
            return cleaned
        other = report_for_year(year, exclude_pk=self.instance.pk)
        if other is not None:
            self.add_error("year", f"{year} 年度的报告已存在：《{other.title}》。")
            return cleaned
        if not self.instance.figures or self.instance.figures.get("year") != year:
            self.instance.year = year
            fill_figures(self.instance)
        if any(action in self.data for action in PUBLISHING_ACTIONS) and not self.errors:
            failures = report_failures(self.instance)
            if failures:
                self.add_error(
                    None,
                    "报告未通过一致性检查，不能发布或提交审核："
                    + "；".join(failure.message for failure in failures),
                )
        return cleaned
