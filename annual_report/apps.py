from django.apps import AppConfig


class AnnualReportConfig(AppConfig):
    name = "annual_report"
    verbose_name = "政府信息公开年报"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from annual_report import search  # noqa: F401 - registers the page with the search index
