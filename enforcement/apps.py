from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    name = "enforcement"
    verbose_name = "行政执法公示与行政事业性收费"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from enforcement import catalogue  # noqa: F401 - registers the rows in the 公开目录
