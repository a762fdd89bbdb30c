"""Issue 17 item 5: a citation's agency part starts at a known agency name, not at the first
公/办/国/税 of the sentence, and 税总发2014年59号 in running text is a citation too."""

import pytest

from policies.doc_numbers import find_doc_numbers
from policies.models import Citation
from tests.policies.factories import PolicyDocumentFactory


@pytest.mark.parametrize(
    ("text", "cited"),
    [
        ("本公告依据税总发[2014]59号制定。", ["税总发〔2014〕59号"]),
        ("本办法参照国家税务总局公告2018年第28号执行。", ["国家税务总局公告2018年第28号"]),
        ("依据税总发2014年59号规定办理。", ["税总发〔2014〕59号"]),
        ("全国税务系统依据国税发〔2009〕1号执行。", ["国税发〔2009〕1号"]),
        ("按国家规定执行税总发〔2014〕59号。", ["税总发〔2014〕59号"]),
        (
            "根据税务总局公告2018年28号和总局令48号办理。",
            ["国家税务总局公告2018年第28号", "国家税务总局令第48号"],
        ),
        ("本公告依据国家税务总局公告〔2018〕28号制定。", ["国家税务总局公告2018年第28号"]),
        ("依据国务院令第711号。", ["国务院令第711号"]),
        ("本办法自2014年4月24日起施行，共59条。", []),
    ],
)
def test_the_agency_of_a_citation_starts_at_a_known_name(text, cited):
    assert [number.canonical for number in find_doc_numbers(text)] == cited


def test_a_citation_in_a_document_links_to_the_cited_document(client, site_tree):
    cited = PolicyDocumentFactory(title="首问责任制通知", doc_number="税总发〔2014〕59号")
    citing = PolicyDocumentFactory(
        title="本地实施公告",
        body_text="本公告依据税总发[2014]59号制定。\n本办法参照国家税务总局公告2018年第28号执行。"
        "\n另见税总发2014年59号。",
    )
    assert list(
        Citation.objects.filter(citing=citing).order_by("pk").values_list("cited_number", flat=True)
    ) == ["税总发〔2014〕59号", "国家税务总局公告2018年第28号"]
    html = client.get(citing.url).content.decode()
    assert f'href="{cited.url}"' in html
    assert "国家税务总局公告2018年第28号（本库暂未收录）" in html
