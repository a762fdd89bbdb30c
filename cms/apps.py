from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "内容管理"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cms import page_cache  # noqa: F401 - cache invalidation receivers
