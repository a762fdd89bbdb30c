"""纳税服务 as a column of the site: beside 政府信息公开, in the main navigation, linked from the
home page, with the seeds' periods taken from rules.py."""

import pytest

from taxpayer import rules
from taxpayer.models import TaxpayerServiceIndexPage

pytestmark = pytest.mark.django_db


def test_column_sits_under_the_home_page_and_in_the_navigation(client, site_tree):
    column = TaxpayerServiceIndexPage.objects.get()
    assert column.get_parent().specific == site_tree
    assert column.url == "/nsfw/"
    html = client.get("/").content.decode()
    nav = html.split('aria-label="主导航"')[1].split("</nav>")[0]
    assert 'href="/nsfw/"' in nav and "纳税服务" in nav
    for link in ["/taxpayer/appeal/", "/taxpayer/book/", "/taxpayer/rate/", "/taxpayer/track/"]:
        assert f'href="{link}"' in html


def test_column_page_quotes_the_rules(client, site_tree):
    html = client.get("/nsfw/").content.decode()
    assert "<h1>纳税服务</h1>" in html
    assert f"{rules.HANDLING_DAYS}个工作日内办结" in html
    assert f"最长延长{rules.MAX_EXTENSION_DAYS}个工作日" in html
    assert "非常不满意" in html and "绿色通道" in html


def test_pages_render_at_390_px_without_a_fixed_width_layout(client, site_tree, units):
    for url in ["/nsfw/", "/taxpayer/appeal/", "/taxpayer/book/", "/taxpayer/statistics/"]:
        html = client.get(url).content.decode()
        assert 'name="viewport" content="width=device-width, initial-scale=1"' in html
        assert "taxpayer/taxpayer.css" in html
