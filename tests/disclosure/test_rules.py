"""Statutory numbers live in disclosure.rules: deadlines, notices, e-mails and pages quote them
from there, and the outcome taxonomy names each outcome's reply notice."""

from datetime import date

import pytest
from django.core import mail

from disclosure import rules, services
from disclosure.models import NoticeKind
from disclosure.taxonomy import OUTCOME_NOTICE_KINDS, OUTCOME_TABLE, OUTCOMES
from workdays.calendar import add_working_days

from .factories import RequestFactory

pytestmark = pytest.mark.django_db


def test_the_reply_period_comes_from_rules_in_the_deadline_the_notice_and_the_page(
    client, monkeypatch
):
    monkeypatch.setattr(rules, "REPLY_DAYS", 15)
    request = RequestFactory(received_on=date(2026, 11, 2))
    assert request.reply_due_on == add_working_days(date(2026, 11, 2), 15)
    receipt = request.notices.get(kind=NoticeKind.RECEIPT)
    assert "收到申请之日起15个工作日内" in receipt.body
    assert "收到申请之日起15个工作日内答复" in client.get("/disclosure/apply/").text


def test_consultation_period_in_notice_and_mail_comes_from_rules(
    office_user, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(rules, "CONSULTATION_DAYS", 10)
    with django_capture_on_commit_callbacks(execute=True):
        request = RequestFactory(received_on=date(2026, 11, 2))
        request = services.request_consult_start(
            request=request, started_on=date(2026, 11, 3), party="某有限公司", actor=office_user
        )
    assert request.step_due_on == add_working_days(date(2026, 11, 3), 10)
    notice = request.notices.get(kind=NoticeKind.CONSULTATION)
    assert "（10个工作日内）" in notice.body
    assert "至多10个工作日" in mail.outbox[-1].body


def test_reply_notice_quotes_the_appeal_periods_from_rules(office_user):
    request = RequestFactory(received_on=date(2026, 11, 2))
    services.request_reply(
        request=request,
        outcome="disclose",
        reply_text="予以公开。",
        replied_on=date(2026, 11, 9),
        actor=office_user,
    )
    body = request.notices.get(kind=NoticeKind.REPLY_DISCLOSE).remedies
    assert f"{rules.APPEAL_REVIEW_DAYS}日内向上一级税务机关依法申请行政复议" in body
    assert f"{rules.APPEAL_LITIGATION_MONTHS}个月内向有管辖权的人民法院依法提起行政诉讼" in body


def test_staff_pages_quote_the_warning_period_and_fee_bands_from_rules(
    client, office_user, monkeypatch
):
    monkeypatch.setattr(rules, "DUE_SOON_WORKING_DAYS", 4)
    monkeypatch.setattr(rules, "FEE_FREE_REQUESTS_PER_MONTH", 12)
    client.force_login(office_user)
    assert "4个工作日内到期" in client.get("/admin/").text
    page = client.get("/admin/disclosure/fees/").text
    assert "一个自然月内12件以内免费" in page
    assert "30页以内免费" in page


def test_the_privacy_notice_quotes_the_retention_period(client, settings):
    settings.DISCLOSURE_PII_RETENTION_DAYS = 365
    assert "申请办结后保存365天" in client.get("/disclosure/apply/").text


def test_every_outcome_names_an_existing_reply_notice():
    assert {outcome.notice_kind for outcome in OUTCOME_TABLE} <= set(NoticeKind.values)
    assert set(OUTCOME_NOTICE_KINDS) == {code for code, _group, _label in OUTCOMES}
    assert OUTCOME_NOTICE_KINDS["not_processed_4"] == NoticeKind.REPLY_NOT_PROCESSED
    assert OUTCOME_NOTICE_KINDS["other_2"] == NoticeKind.REPLY_OTHER
