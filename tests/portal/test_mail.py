"""The one outgoing-mail queue: nothing owed is lost, secrets do not outlive the sending."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction

from portal.mail import MAX_ATTEMPTS, REDACTED, mail_forget, mail_queue, mail_retry_due
from portal.models import OutboxMessage, OutboxStatus

pytestmark = pytest.mark.django_db(transaction=True)


def _queue(**overrides) -> OutboxMessage:
    fields = {
        "topic": "test",
        "to": "citizen@example.invalid",
        "subject": "申请已收到",
        "body": "申请人张三，您的查询码为 ABCD-1234。",
        "reference": "test.record:1",
        "secrets": ["ABCD-1234"],
    } | overrides
    with transaction.atomic():
        return mail_queue(**fields)


def test_message_is_sent_after_commit_and_its_secret_is_blanked(clock):
    clock.set(2026, 11, 30, 9)
    message = _queue()
    assert len(mail.outbox) == 1
    assert "ABCD-1234" in mail.outbox[0].body
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert "ABCD-1234" not in message.body and REDACTED in message.body
    assert message.secrets == ""


def test_recipient_and_body_are_encrypted_at_rest():
    message = _queue()
    with connection.cursor() as cursor:
        cursor.execute('SELECT "to", body FROM portal_outboxmessage WHERE id = %s', [message.pk])
        stored_to, stored_body = cursor.fetchone()
    assert "citizen@example.invalid" not in stored_to
    assert "张三" not in stored_body


def test_nothing_is_sent_when_the_transaction_rolls_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        mail_queue(topic="test", to="a@example.invalid", subject="s", body="b")
        raise RuntimeError("the act failed")
    assert not OutboxMessage.objects.exists()
    assert mail.outbox == []


def test_failure_is_kept_and_retried_after_its_pause(clock, failing_mail, settings):
    start = clock.set(2026, 11, 30, 9)
    message = _queue()
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED and message.attempts == 1
    assert "SMTP" in message.last_error
    assert "ABCD-1234" not in str(mail.outbox)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert mail_retry_due(now=start + timedelta(seconds=30)) == (0, 0)  # pause not over
    assert mail_retry_due(now=start + timedelta(minutes=2)) == (1, 0)
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT and "ABCD-1234" not in message.body


def test_gives_up_after_max_attempts(clock, failing_mail):
    start = clock.set(2026, 11, 30, 9)
    message = _queue()
    for hour in range(1, MAX_ATTEMPTS + 2):
        mail_retry_due(now=start + timedelta(days=hour))
    message.refresh_from_db()
    assert message.status == OutboxStatus.GAVE_UP
    assert message.attempts == MAX_ATTEMPTS


def test_command_reports_the_queue(failing_mail, settings):
    _queue()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMessage.objects.update(next_attempt_at=None)
    from io import StringIO

    out = StringIO()
    call_command("send_queued_mail", stdout=out)
    assert "已发送 1 封" in out.getvalue()


def test_forget_removes_every_message_about_a_record():
    _queue(reference="test.record:7")
    _queue(reference="test.record:7")
    _queue(reference="test.record:8")
    assert mail_forget(reference="test.record:7") == 2
    assert list(OutboxMessage.objects.values_list("reference", flat=True)) == ["test.record:8"]


def test_no_recipient_queues_nothing():
    assert _queue(to="  ") is None
    assert not OutboxMessage.objects.exists()
