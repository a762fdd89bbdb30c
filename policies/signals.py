"""Keep citations and validity history in step with what is published."""

from django.dispatch import receiver
from wagtail.signals import page_published

from policies.models import InterpretationPage, PolicyDocumentPage
from policies.services.documents import sync_citations, validity_history_record


@receiver(page_published, sender=PolicyDocumentPage)
def on_policy_published(sender, instance: PolicyDocumentPage, **kwargs) -> None:
    sync_citations(instance)
    validity_history_record(instance)


@receiver(page_published, sender=InterpretationPage)
def on_interpretation_published(sender, instance: InterpretationPage, **kwargs) -> None:
    sync_citations(instance)
