from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "门户"

    def ready(self) -> None:
        from portal import audit, sessions

        audit.connect_signals()
        sessions.connect_signals()
