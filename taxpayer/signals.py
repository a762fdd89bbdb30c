"""When staff change the working-day calendar, every running clock of 纳税服务 is recomputed."""

from django.dispatch import receiver

from workdays.signals import calendar_changed


@receiver(calendar_changed)
def recompute_on_calendar_change(sender, **kwargs) -> None:
    from taxpayer.services.matters import matters_recompute_deadlines
    from taxpayer.services.ratings import ratings_recompute_deadlines

    matters_recompute_deadlines()
    ratings_recompute_deadlines()
