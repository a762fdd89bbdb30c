from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "portal_search"
    verbose_name = "站内搜索"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from portal.health import register_check
        from search import signals  # noqa: F401 - connects the index receivers
        from search.health import search_health

        register_check("search", search_health)
