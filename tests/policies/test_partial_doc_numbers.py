"""A 发文字号 only partly remembered still filters the policy list and the open-data API."""

from datetime import date

import pytest

from tests.policies.factories import PolicyDocumentFactory

POLICIES = "/xxgk/fdzdgknr/policies/"
NUMBERS = {
    "首问责任制": "税总发〔2014〕59号",
    "工作落实": "税总发〔2015〕7号",
    "纳税服务规范": "国家税务总局公告2014年第59号",
    "财税文件": "财税〔2014〕159号",
    "规章": "国家税务总局令第59号",
}


@pytest.fixture
def numbered(site_tree):
    for index, (title, number) in enumerate(NUMBERS.items()):
        PolicyDocumentFactory(
            title=title, doc_number=number, publish_date=date(2014 + index % 2, 3, 1 + index)
        )


@pytest.mark.parametrize(
    ("typed", "titles"),
    [
        ("税总发", {"首问责任制", "工作落实"}),
        ("〔2014〕", {"首问责任制", "财税文件", "纳税服务规范"}),
        ("2014年", {"首问责任制", "财税文件", "纳税服务规范"}),
        ("59号", {"首问责任制", "纳税服务规范", "规章"}),  # never 159号
        ("第59号", {"首问责任制", "纳税服务规范", "规章"}),
        ("2014年59号", {"首问责任制", "纳税服务规范"}),
        ("〔2014〕59号", {"首问责任制", "纳税服务规范"}),
        ("税总发〔2014〕", {"首问责任制"}),
        ("税务总局公告", {"纳税服务规范"}),
        # A whole number keeps exact matching.
        ("税总发〔2014〕59号", {"首问责任制"}),
        ("税总发[2014]59号", {"首问责任制"}),
        ("国家税务总局公告2014年59号", {"纳税服务规范"}),
        ("总局令第59号", {"规章"}),
    ],
)
def test_a_part_filters_by_prefix_and_part_a_whole_number_exactly(client, numbered, typed, titles):
    response = client.get("/api/policies/", {"doc_number": typed})
    assert response.status_code == 200, response.content.decode()
    assert {r["title"] for r in response.json()["results"]} == titles
    html = client.get(POLICIES, {"doc_number": typed}).content.decode()
    assert "不是有效的发文字号" not in html
    for title in NUMBERS:
        assert (f">{title}</a>" in html) == (title in titles), (typed, title)


def test_text_that_is_no_part_of_a_number_is_explained_in_chinese(client, numbered):
    response = client.get("/api/policies/", {"doc_number": "税总发abc"})
    assert response.status_code == 400
    assert "也可只填其中一部分" in response.json()["error"]
    page = client.get(POLICIES, {"doc_number": "税总发abc"})
    assert page.status_code == 200 and "不是有效的发文字号" in page.content.decode()
