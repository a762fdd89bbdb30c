"""An email backend that always fails, to prove a mail outage loses no submission."""

from smtplib import SMTPException

from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise SMTPException("SMTP server unavailable")
