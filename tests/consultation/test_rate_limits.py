"""Only stored comments count toward the per-IP comment limit; over it the typed comment stays."""

import pytest

from consultation.models import Comment
from tests.consultation.factories import ConsultationFactory, comment_data

pytestmark = pytest.mark.django_db


def test_limit_counts_stored_comments_and_keeps_the_text_when_hit(client, column, settings):
    settings.CONSULTATION_COMMENT_RATE = "3/h"
    page = ConsultationFactory()
    url = f"/consultation/{page.pk}/comment/"
    for _ in range(5):
        assert client.post(url, comment_data(privacy=None)).status_code == 400
    for n in range(3):
        assert client.post(url, comment_data(text=f"第{n}条意见。")).status_code == 302
    response = client.post(url, comment_data(text="超出限额时写下的意见，不能丢。"))
    assert response.status_code == 429
    page_text = response.content.decode()
    assert "超出限额时写下的意见，不能丢。" in page_text
    assert "分钟后" in page_text
    assert Comment.objects.count() == 3
