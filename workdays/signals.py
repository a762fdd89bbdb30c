"""`calendar_changed` tells every app with running clocks that the working days changed.

Sent once the transaction that edited the calendar commits. Apps with deadlines (依申请公开,
纳税人诉求) connect a receiver that calls their own recompute service; the calendar knows nothing
about them.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from workdays.models import CalendarOverride, CalendarYear

calendar_changed = Signal()


@receiver([post_save, post_delete], sender=CalendarOverride)
@receiver([post_save, post_delete], sender=CalendarYear)
def _announce_calendar_change(sender, **kwargs) -> None:
    transaction.on_commit(lambda: calendar_changed.send(sender=sender))
