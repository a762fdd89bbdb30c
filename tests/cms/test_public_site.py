"""What every public page carries (网站地图, 联系我们, breadcrumbs, description, favicon) and the
staff side of page creation (pinyin slugs, no Gravatar, names instead of login names)."""

import pytest
from wagtail.models import Page

from cms.models import HomePage, StandardPage
from cms.slugs import pinyin_slug
from lists.models import Unit
from tests.policies.factories import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency(site_tree):
    return Unit.objects.create(
        name="国家税务总局某某市税务局",
        is_agency=True,
        address="某某市人民路1号",
        postcode="100000",
        phone="010-12366",
        office_hours="工作日 8:30—17:00",
    )


def test_site_map_lists_the_columns_but_not_the_documents(client, site_tree):
    document = make_document(title="一份具体的政策文件")
    html = client.get("/sitemap/").content.decode()
    for title in ("政府信息公开", "政府信息公开指南", "法定主动公开内容", "政策文件", "权责清单"):
        assert f">{title}</a>" in html
    for link in ("/jgzn/", "/xxgk/catalogue/", "/disclosure/apply/", "/feedback/", "/contact/"):
        assert f'href="{link}"' in html
    assert document.title not in html


def test_contact_page_shows_the_agency_from_the_organisation_record(client, agency):
    html = client.get("/contact/").content.decode()
    assert "国家税务总局某某市税务局" in html
    assert "某某市人民路1号" in html and "010-12366" in html


def test_every_page_links_the_site_services_and_keeps_the_filing_numbers(client, default_site):
    from cms.models import PortalSettings

    settings = PortalSettings.for_site(default_site)
    settings.website_code = "bm29000000"
    settings.icp_record = "京ICP备00000000号"
    settings.save()
    for path in ("/", "/xxgk/fdzdgknr/", "/jgzn/", "/search/?q=税", "/disclosure/apply/"):
        html = client.get(path).content.decode()
        assert "网站地图" in html and "联系我们" in html and "我为政府网站找错" in html, path
        assert 'href="/jgzn/"' in html, path
        assert "bm29000000" in html and "京ICP备00000000号" in html, path


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/jgzn/", "机构职能"),
        ("/disclosure/apply/", "提交申请"),
        ("/disclosure/track/", "查询办理进度"),
        ("/search/?q=税", "站内搜索"),
        ("/xxgk/catalogue/", "政府信息公开目录"),
        ("/no-such-page/", "页面不存在"),
        ("/xxgk/fdzdgknr/policies/", "政策文件"),
    ],
)
def test_every_page_has_breadcrumbs(client, site_tree, path, current):
    html = client.get(path).content.decode()
    assert 'aria-label="当前位置"' in html
    assert f'<li aria-current="page">{current}</li>' in html


def test_meta_description_comes_from_the_page_or_falls_back_to_the_site(client, agency):
    document = make_document(
        title="关于某项工作的通知", body_text="为进一步做好某项工作，现通知如下。"
    )
    html = client.get(document.url).content.decode()
    assert '<meta name="description" content="为进一步做好某项工作，现通知如下。' in html
    document.summary = "本文件规定了某项工作的要求。"
    document.save_revision().publish()
    html = client.get(document.url).content.decode()
    assert '<meta name="description" content="本文件规定了某项工作的要求。">' in html
    html = client.get("/jgzn/").content.decode()
    assert "国家税务总局某某市税务局机构职能" in html
    home = client.get("/").content.decode()
    assert '<meta name="description" content="国家税务总局某某市税务局政府信息公开门户' in home


def test_favicon_and_robots_are_served_at_the_root(client, site_tree):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    assert b"".join(icon.streaming_content)[:4] == b"\x00\x00\x01\x00"
    robots = client.get("/robots.txt")
    assert robots.status_code == 200
    assert b"Disallow: /admin/" in b"".join(robots.streaming_content)


def test_pinyin_slugs():
    assert pinyin_slug("政府信息公开指南") == "zheng-fu-xin-xi-gong-kai-zhi-nan"
    assert pinyin_slug("2024年度报告") == "2024-nian-du-bao-gao"
    assert pinyin_slug("《税收征管法》解读（一）") == "shui-shou-zheng-guan-fa-jie-du-yi"
    assert len(pinyin_slug("税" * 200)) <= 80


@pytest.fixture
def admin_client(client, django_user_model, site_tree):
    user = django_user_model.objects.create_superuser(
        "wangfang", "wf@example.com", "pw", first_name="王芳", last_name=""
    )
    client.force_login(user)
    return client


def _add_standard_page(admin_client, parent: Page, title: str):
    url = f"/admin/pages/add/cms/standardpage/{parent.pk}/"
    form = admin_client.get(url)
    assert form.status_code == 200
    return admin_client.post(
        url,
        {
            "title": title,
            "slug": "",
            "summary": "",
            "body-count": "0",
            "body": "[]",
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "1000",
        },
    )


def test_a_page_titled_in_chinese_saves_first_time_with_a_pinyin_slug(admin_client):
    home = HomePage.objects.get()
    response = _add_standard_page(admin_client, home, "关于我们")
    assert response.status_code == 302, response.content.decode()[:2000]
    page = StandardPage.objects.get(title="关于我们")
    assert page.slug == "guan-yu-wo-men"
    _add_standard_page(admin_client, home, "关于我们")
    assert set(StandardPage.objects.filter(title="关于我们").values_list("slug", flat=True)) == {
        "guan-yu-wo-men",
        "guan-yu-wo-men-2",
    }


def test_admin_speaks_chinese_without_gravatar_and_shows_names(admin_client, settings):
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    html = admin_client.get("/admin/").content.decode()
    assert "gravatar" not in html.lower()
    assert "王芳" in html
    assert 'lang="zh-hans"' in html
