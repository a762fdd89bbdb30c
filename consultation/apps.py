from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "consultation"
    verbose_name = "征求意见"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from consultation import search  # noqa: F401 - registers consultation pages for search
