"""Email through an outbox: the message is stored first and sent after commit, so an SMTP failure
never loses a submission; failures are recorded and `manage.py disclosure_outbox` retries them.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from disclosure.models import DisclosureRequest, OutboxEmail

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 10


def email_queue(*, to: str, subject: str, body: str, request: DisclosureRequest | None = None):
    """Store a message and try to send it once the surrounding transaction commits."""
    if not to:
        return None
    message = OutboxEmail.objects.create(request=request, to=to, subject=subject, body=body)
    transaction.on_commit(lambda: email_send(message_id=message.pk))
    return message


def email_send(*, message_id: int) -> bool:
    """Try one stored message; record the error instead of raising."""
    message = OutboxEmail.objects.filter(pk=message_id, sent_at__isnull=True).first()
    if message is None:
        return False
    message.attempts += 1
    try:
        send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.to])
    except Exception as exc:  # noqa: BLE001 - any transport failure must be recorded, not raised
        message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        message.save(update_fields=["attempts", "last_error"])
        logger.warning("disclosure email %s failed: %s", message.pk, message.last_error)
        return False
    message.sent_at = timezone.now()
    message.last_error = ""
    message.save(update_fields=["attempts", "last_error", "sent_at"])
    return True


def email_retry_pending() -> tuple[int, int]:
    """Retry unsent messages; returns (sent, still failing)."""
    sent = failed = 0
    pending = OutboxEmail.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
    for pk in pending.values_list("pk", flat=True):
        if email_send(message_id=pk):
            sent += 1
        else:
            failed += 1
    return sent, failed
