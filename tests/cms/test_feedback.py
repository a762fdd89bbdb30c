"""我为政府网站找错: the public form (rate-limited, nothing typed lost) and the admin answer."""

import pytest
from django.core import mail
from django.core.cache import cache

from cms.models import FeedbackStatus, SiteFeedback
from portal.models import OutboxMessage

pytestmark = pytest.mark.django_db

VALID = {
    "page_url": "http://testserver/xxgk/fdzdgknr/policies/",
    "category": "link",
    "description": "政策文件栏目第二页的附件链接打不开。",
    "name": "张三",
    "phone": "010-12345678",
    "email": "zhangsan@example.com",
}


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def test_the_form_remembers_the_page_the_visitor_came_from(client, site_tree):
    html = client.get("/feedback/?page=/xxgk/fdzdgknr/").content.decode()
    assert 'value="http://testserver/xxgk/fdzdgknr/"' in html
    outside = client.get("/feedback/?page=//evil.example/").content.decode()
    assert "evil.example" not in outside


def test_radio_choices_sit_in_a_fieldset_and_the_phone_has_a_keypad(client, site_tree):
    html = client.get("/feedback/").content.decode()
    assert "<legend>问题类型" in html
    assert 'type="tel"' in html and 'inputmode="tel"' in html


def test_bad_input_is_refused_in_chinese_and_keeps_everything_typed(client, site_tree):
    data = {**VALID, "description": "坏", "phone": "abc", "category": ""}
    response = client.post("/feedback/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "问题描述至少 5 个字" in html
    assert "请填写有效的电话号码" in html
    assert "请选择问题类型" in html
    assert 'value="张三"' in html and 'value="zhangsan@example.com"' in html
    assert SiteFeedback.objects.count() == 0


def test_a_report_is_stored_with_a_reference_and_personal_data_encrypted(client, site_tree):
    response = client.post("/feedback/", VALID)
    assert response.status_code == 302
    report = SiteFeedback.objects.get()
    thanks = client.get(response["Location"]).content.decode()
    assert report.reference in thanks
    assert report.status == FeedbackStatus.PENDING
    assert report.phone == "010-12345678"
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, email FROM cms_sitefeedback")
        raw_phone, raw_email = cursor.fetchone()
    assert "12345678" not in raw_phone and "example.com" not in raw_email


def test_a_forged_receipt_link_goes_back_to_the_form(client, site_tree):
    response = client.get("/feedback/thanks/not-a-token/")
    assert response.status_code == 302 and response["Location"] == "/feedback/"


def test_the_honeypot_stops_bots(client, site_tree):
    response = client.post("/feedback/", {**VALID, "website": "http://spam.example"})
    assert response.status_code == 400
    assert SiteFeedback.objects.count() == 0


def test_posting_is_rate_limited_per_address(client, site_tree):
    for _ in range(10):
        assert client.post("/feedback/", VALID).status_code == 302
    response = client.post("/feedback/", VALID)
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode()
    assert SiteFeedback.objects.count() == 10


@pytest.fixture
def staff_client(client, django_user_model, site_tree):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def report(client, site_tree):
    client.post("/feedback/", VALID)
    return SiteFeedback.objects.get()


def test_staff_see_reports_in_the_admin_and_cannot_add_one(staff_client, report):
    listing = staff_client.get("/admin/site_feedback/")
    assert listing.status_code == 200
    assert report.reference in listing.content.decode()
    assert staff_client.get("/admin/site_feedback/new/").status_code in (302, 403)
    detail = staff_client.get(f"/admin/site_feedback/edit/{report.pk}/").content.decode()
    assert "政策文件栏目第二页的附件链接打不开" in detail


def test_an_answer_needs_a_reply(staff_client, report):
    response = staff_client.post(
        f"/admin/site_feedback/edit/{report.pk}/", {"status": "answered", "reply": ""}
    )
    assert response.status_code == 200
    assert "请填写答复内容" in response.content.decode()
    report.refresh_from_db()
    assert report.status == FeedbackStatus.PENDING


def test_an_answer_is_stamped_and_mailed(staff_client, report, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            f"/admin/site_feedback/edit/{report.pk}/",
            {"status": "answered", "reply": "链接已修复，感谢指正。"},
        )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == FeedbackStatus.ANSWERED
    assert report.replied_by.username == "editor"
    assert report.replied_at is not None
    assert OutboxMessage.objects.filter(topic="site-feedback").count() == 1
    assert mail.outbox[-1].to == ["zhangsan@example.com"]
    assert "链接已修复" in mail.outbox[-1].body
    assert report.reference in mail.outbox[-1].subject


def test_feedback_does_not_empty_the_page_cache(client, site_tree, settings):
    from cms import page_cache

    settings.PORTAL_PAGE_CACHE_SECONDS = 300
    page_cache.page_cache_invalidate()
    before = cache.get(page_cache.VERSION_KEY)
    client.post("/feedback/", VALID)
    assert cache.get(page_cache.VERSION_KEY) == before
