from django.apps import AppConfig


class TaxpayerConfig(AppConfig):
    name = "taxpayer"
    verbose_name = "纳税服务"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from taxpayer import signals  # noqa: F401 - connects the calendar receiver
