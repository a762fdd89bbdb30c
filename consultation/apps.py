from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "consultation"
    verbose_name = "征求意见"
    default_auto_field = "django.db.models.BigAutoField"
