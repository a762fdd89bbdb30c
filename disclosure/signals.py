"""When staff change the working-day calendar, open requests' deadlines are recomputed at once."""

from django.dispatch import receiver

from workdays.signals import calendar_changed


@receiver(calendar_changed)
def recompute_on_calendar_change(sender, **kwargs) -> None:
    from disclosure.services import requests_recompute_deadlines

    requests_recompute_deadlines()
