"""When staff change the holiday table, open requests' deadlines are recomputed at once."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from disclosure.models import CalendarOverride, CalendarYear


@receiver([post_save, post_delete], sender=CalendarOverride)
@receiver([post_save, post_delete], sender=CalendarYear)
def recompute_on_calendar_change(sender, **kwargs):
    from disclosure.services import requests_recompute_deadlines

    transaction.on_commit(requests_recompute_deadlines)
