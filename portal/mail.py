"""The portal's one outgoing-mail queue: store first, send after commit, retry until sent.

Every app that owes somebody an e-mail calls `mail_queue` inside the transaction of the act that
causes it. The message is sent once that transaction commits; a failure is written on the message
and `manage.py send_queued_mail` (cron, every few minutes) retries it with a growing pause, up to
`MAX_ATTEMPTS`. Tests fake an outage by pointing `EMAIL_BACKEND` at a backend that raises.
"""

import json
import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from portal.models import OutboxMessage, OutboxStatus

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 10
REDACTED = "（已隐去）"
RETRYABLE = [OutboxStatus.PENDING, OutboxStatus.FAILED]


def retry_pause(attempts: int) -> timedelta:
    """After the n-th failed attempt wait 2^(n-1) minutes, at most six hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def mail_queue(
    *,
    topic: str,
    to: str,
    subject: str,
    body: str,
    reference: str = "",
    secrets: Iterable[str] = (),
) -> OutboxMessage | None:
    """Store one message and send it when the current transaction commits.

    `secrets` are values (a 查询码) that may go out once but must not stay readable afterwards:
    they are blanked out of the stored body as soon as the message is sent. Returns None when
    there is nobody to write to.
    """
    to = (to or "").strip()
    if not to:
        return None
    kept_secrets = [value for value in secrets if value]
    message = OutboxMessage.objects.create(
        topic=topic,
        reference=reference,
        to=to,
        subject=subject[:200],
        body=body,
        secrets=json.dumps(kept_secrets, ensure_ascii=False) if kept_secrets else "",
    )
    # robust: a mail fault must never look like a failed submission to the caller.
    transaction.on_commit(lambda: mail_send(message_id=message.pk), robust=True)
    return message


def mail_send(*, message_id: int, now: datetime | None = None) -> bool:
    """Try one message once; record the outcome on it and never raise for a transport fault."""
    now = now or timezone.now()
    message = OutboxMessage.objects.filter(pk=message_id, status__in=RETRYABLE).first()
    if message is None:
        return False
    claimed = OutboxMessage.objects.filter(
        pk=message.pk, status__in=RETRYABLE, attempts=message.attempts
    ).update(attempts=F("attempts") + 1)
    if not claimed:  # another worker is sending it right now
        return False
    message.attempts += 1
    try:
        send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.to])
    except Exception as exc:  # noqa: BLE001 - any transport fault is recorded and retried
        message.last_error = f"{type(exc).__name__}: {exc}"[:300]
        gave_up = message.attempts >= MAX_ATTEMPTS
        message.status = OutboxStatus.GAVE_UP if gave_up else OutboxStatus.FAILED
        message.next_attempt_at = None if gave_up else now + retry_pause(message.attempts)
        message.save(update_fields=["status", "last_error", "next_attempt_at"])
        logger.warning("mail %s (%s) failed: %s", message.pk, message.topic, message.last_error)
        return False
    message.body = redact(message.body, json.loads(message.secrets) if message.secrets else [])
    message.secrets = ""
    message.status = OutboxStatus.SENT
    message.sent_at = now
    message.last_error = ""
    message.next_attempt_at = None
    message.save(
        update_fields=["body", "secrets", "status", "sent_at", "last_error", "next_attempt_at"]
    )
    return True


def redact(body: str, secrets: Iterable[str]) -> str:
    """The body with every secret value replaced, longest first (a code inside another)."""
    for value in sorted((s for s in secrets if s), key=len, reverse=True):
        body = body.replace(value, REDACTED)
    return body


def mail_retry_due(*, now: datetime | None = None) -> tuple[int, int]:
    """Send every message whose pause is over (and any left pending by a crash).

    Returns (sent, failed)."""
    now = now or timezone.now()
    due = OutboxMessage.objects.filter(status__in=RETRYABLE).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    sent = failed = 0
    for pk in due.order_by("pk").values_list("pk", flat=True):
        if mail_send(message_id=pk, now=now):
            sent += 1
        else:
            failed += 1
    return sent, failed


def mail_forget(*, reference: str) -> int:
    """Delete every message about one record (personal-data purge); returns how many."""
    if not reference:
        return 0
    deleted, _ = OutboxMessage.objects.filter(reference=reference).delete()
    return deleted


def mail_counts() -> dict[str, int]:
    """Messages by status, for dashboards and /healthz-style reports."""
    counts = dict.fromkeys(OutboxStatus.values, 0)
    for row in OutboxMessage.objects.values("status").annotate(count=Count("pk")):
        counts[row["status"]] = row["count"]
    return counts
