from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = "税费政策库"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from policies import search, signals  # noqa: F401 - receivers, search types
