from django.apps import AppConfig


class ListsConfig(AppConfig):
    name = "lists"
    verbose_name = "权责清单与办税指南"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lists import search  # noqa: F401 - registers the lists' search types
