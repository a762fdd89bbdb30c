"""The 30-day window is measured from publication (征求意见期限不少于30日): comments open no
earlier than the page goes live, and at least 30 full days must remain from that moment unless
a public reason is given. Checked in the editor, in the services and at publication itself."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from consultation.models import ConsultationPage
from tests.consultation.factories import ConsultationFactory, shanghai

pytestmark = pytest.mark.django_db


def publish_now(**window):
    """A consultation created and first published at the test's clock."""
    return ConsultationFactory(published_at=None, **window)


def test_a_window_mostly_in_the_past_is_refused_when_first_published_today(column, clock):
    clock.set(2026, 11, 30, 9)
    with pytest.raises(ValidationError) as raised:
        publish_now(opens_at=shanghai(2026, 10, 1), closes_at=shanghai(2026, 12, 2))
    message = str(raised.value)
    assert "自发布时（2026年11月30日 09:00）起计算" in message and "少于 30 日" in message
    assert not ConsultationPage.objects.exists()


def test_a_window_entirely_in_the_past_is_refused_even_with_a_reason(column, clock):
    clock.set(2026, 11, 30, 9)
    with pytest.raises(ValidationError, match="早于发布时间"):
        publish_now(
            opens_at=shanghai(2026, 9, 1),
            closes_at=shanghai(2026, 10, 1),
            short_period_reason="补发",
        )
    assert not ConsultationPage.objects.exists()


def test_comments_open_at_publication_when_opens_at_is_earlier(column, clock):
    clock.set(2026, 11, 30, 9)
    page = publish_now(opens_at=shanghai(2026, 11, 1), closes_at=shanghai(2027, 1, 1))
    assert page.live
    assert page.opens_at == shanghai(2026, 11, 30, 9)
    assert page.closes_at - page.opens_at >= timedelta(days=30)


def test_a_short_remaining_window_is_published_with_its_public_reason(column, clock, client):
    clock.set(2026, 11, 30, 9)
    reason = "上级要求年底前出台，缩短征求意见期限。"
    page = publish_now(
        opens_at=shanghai(2026, 11, 20),
        closes_at=shanghai(2026, 12, 20),
        short_period_reason=reason,
    )
    assert page.opens_at == shanghai(2026, 11, 30, 9) and page.is_short_period
    assert reason in client.get(page.url).content.decode()


def test_the_rule_is_checked_again_when_a_draft_goes_live_later(column, clock):
    clock.set(2026, 11, 30, 9)
    draft = ConsultationFactory(
        published_at=None,
        publish=False,
        opens_at=shanghai(2026, 12, 1),
        closes_at=shanghai(2026, 12, 31, 12),
    )
    clock.set(2026, 12, 10, 9)  # 21 days would remain
    with pytest.raises(ValidationError, match="少于 30 日"):
        draft.get_latest_revision().publish()
    draft.refresh_from_db()
    assert not draft.live or draft.first_published_at is None


def test_comments_are_not_accepted_before_publication(column, clock, client):
    clock.set(2026, 11, 30, 9)
    page = publish_now(opens_at=shanghai(2026, 11, 1), closes_at=shanghai(2027, 1, 1))
    assert page.status(now=shanghai(2026, 11, 29)) == "upcoming"
    assert page.status(now=shanghai(2026, 11, 30, 10)) == "open"
