"""Short queries answer precisely, an empty query shows tips and the newest documents, and the
search box suggests full 发文字号 (through HTTP, on the configured embedded backend)."""

from datetime import date, timedelta

import pytest

from search.backends import get_backend
from search.registry import IndexDocument


def _doc(pk: int, title: str, body: str, **extra) -> IndexDocument:
    return IndexDocument(
        key=f"policies.policydocumentpage:{pk}",
        content_type=extra.pop("content_type", "policy"),
        title=title,
        body=body,
        url=f"/xxgk/fdzdgknr/policies/{pk}/",
        **extra,
    )


@pytest.fixture
def demo_like():
    """What the demo site holds around 个人: a privacy notice and an open-government report."""
    get_backend().index(
        [
            _doc(
                1,
                "网站隐私政策",
                "本网站重视个人信息和个人隐私的保护，不收集与办理事项无关的个人信息。",
                authorities=["办公厅"],
                publish_date=date(2024, 5, 6),
            ),
            _doc(
                2,
                "国家税务总局关于全面推行税务系统首问责任制的通知",
                "税务总局决定在全国税务系统全面推行首问责任制。",
                doc_number="税总发〔2014〕59号",
                authorities=["国家税务总局"],
                publish_date=date(2014, 4, 24),
            ),
            _doc(
                3,
                "国家税务总局关于发布《纳税服务规范》的公告",
                "个人可以通过电子税务局办理。",
                doc_number="国家税务总局公告2014年第59号",
                authorities=["税务总局"],
                publish_date=date(2014, 10, 1),
            ),
        ]
    )


def test_a_short_query_needs_its_words_not_a_shared_character_pair(client, demo_like):
    data = client.get("/api/search/", {"q": "个人所得税 专项附加扣除"}).json()
    assert data["total"] == 0 and data["results"] == []
    # 个人 alone still finds what holds it: the rule did not just empty the index.
    assert client.get("/api/search/", {"q": "个人 隐私"}).json()["total"] == 1

    html = client.get("/search/", {"q": "个人所得税 专项附加扣除"}).content.decode()
    assert "没有找到与“个人所得税 专项附加扣除”相关的内容" in html
    # Each word offered as a search of its own.
    assert 'href="?q=%E4%B8%AA%E4%BA%BA%E6%89%80%E5%BE%97%E7%A8%8E"' in html  # 个人所得税
    assert "只搜索其中一个词" in html


def test_authority_facets_show_one_full_name_per_body(client, demo_like):
    data = client.get("/api/search/", {"q": "", "type": "policy"}).json()
    assert data["facets"]["authority"] == {"国家税务总局": 2, "国家税务总局办公厅": 1}
    by_alias = client.get("/api/search/", {"q": "", "authority": "办公厅"}).json()
    assert [r["title"] for r in by_alias["results"]] == ["网站隐私政策"]


@pytest.fixture
def many_documents():
    first = date(2020, 1, 1)
    get_backend().index(
        [
            _doc(pk, f"关于第{pk}项工作的通知", "税务工作。", publish_date=first + timedelta(pk))
            for pk in range(1, 16)
        ]
    )


def test_an_empty_query_gives_tips_and_the_newest_ten_not_everything(client, many_documents):
    data = client.get("/api/search/", {"q": "", "page": "2"}).json()
    assert data["newest"] is True and data["tips"]
    assert data["total"] == 10 and data["page"] == 1
    assert [r["title"] for r in data["results"]] == [
        f"关于第{pk}项工作的通知" for pk in range(15, 5, -1)
    ]
    html = client.get("/search/").content.decode()
    assert "搜索小贴士" in html and "最新发布" in html
    assert html.count('class="search-hit"') == 10 and "共找到" not in html
    # A filter without a query still browses every matching document.
    assert client.get("/api/search/", {"type": "policy"}).json()["total"] == 15


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("税总发", "税总发〔2014〕59号"),
        ("税总发[2014", "税总发〔2014〕59号"),
        ("公告2014年第", "国家税务总局公告2014年第59号"),
    ],
)
def test_the_box_suggests_full_doc_numbers_as_one_types(client, demo_like, typed, value):
    items = client.get("/api/search/suggest/", {"q": typed}).json()
    assert items[0]["value"] == value and items[0]["doc_number"] == value
    assert items[0]["url"].startswith("/xxgk/")


def test_suggestions_by_title_fill_in_the_title(client, demo_like):
    items = client.get("/api/search/suggest/", {"q": "隐私"}).json()
    assert [(i["value"], i["doc_number"]) for i in items] == [("网站隐私政策", "")]
    both = client.get("/api/search/suggest/", {"q": "59号"}).json()
    assert {i["value"] for i in both} == {"税总发〔2014〕59号", "国家税务总局公告2014年第59号"}


def test_the_search_page_is_an_accessible_combobox_without_inline_script(client, demo_like):
    html = client.get("/search/").content.decode()
    assert 'role="combobox"' in html and 'aria-controls="search-suggestions"' in html
    assert 'role="listbox"' in html and 'aria-expanded="false"' in html
    assert "search/suggest.js" in html and "<datalist" not in html
    assert "onclick" not in html and "<script>" not in html
