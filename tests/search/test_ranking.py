"""The last ranking step both backends share (search.ranking): legal rank, source agreement and
word coverage, on candidates as a backend hands them over."""

import pytest

from search.ranking import Candidate, legal_level, rerank, source_name
from search.segmentation import normalize


def candidate(title: str, body: str, score: float, bonus: float = 0.0) -> Candidate:
    return Candidate(
        title=title, text=normalize(title + "\n" + body), score=score, bonus=bonus, item=title
    )


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("中华人民共和国民法典 第一千零七十九条", "law"),
        ("中华人民共和国个人所得税法", "law"),
        ("中华人民共和国宪法 第一条", "constitution"),
        ("最高人民法院关于审理民间借贷案件适用法律若干问题的规定 第二十五条", "judicial"),
        ("中华人民共和国个人所得税法实施条例 第六条", "regulation"),
        ("中华人民共和国发票管理办法", "other"),
        ("关于明确增值税简易计税方法的公告", "other"),
        ("中华人民共和国税收征收管理法实施细则 第三条", "other"),
        ("国家税务总局关于全面推行税务系统首问责任制的通知", "other"),
    ],
)
def test_the_legal_level_is_read_from_the_title_form(title, level):
    assert legal_level(title) == level


def test_an_article_title_names_its_statute():
    assert source_name("中华人民共和国民法典 第一千零七十九条") == "中华人民共和国民法典"
    assert source_name("中华人民共和国刑法 第一百三十三条之一") == "中华人民共和国刑法"
    assert source_name("关于深化增值税改革有关政策的公告") == "关于深化增值税改革有关政策的公告"


def test_a_law_outranks_a_lesser_text_that_matches_as_well():
    ranked = rerank(
        "车船税",
        [
            candidate("车船税征收管理规程 第五条", "缴纳车船税。", 10.0),
            candidate("中华人民共和国车船税法 第五条", "缴纳车船税。", 10.0),
        ],
    )
    assert [c.item for c in ranked] == [
        "中华人民共和国车船税法 第五条",
        "车船税征收管理规程 第五条",
    ]


def test_articles_of_the_statute_covering_the_subject_support_each_other():
    """Equal scores; the article whose statute has other strong candidates comes first."""
    ranked = rerank(
        "仓储合同的保管人",
        [
            candidate("某条例 第三条", "仓储合同的保管人。", 8.0),
            candidate("某规定 第九条", "仓储合同的保管人。", 8.0),
            candidate("某规定 第十条", "仓储物的保管。", 7.0),
            candidate("某规定 第十一条", "仓储费。", 6.0),
        ],
    )
    assert ranked[0].item == "某规定 第九条"


def test_among_the_leaders_more_of_the_query_s_words_wins():
    ranked = rerank(
        "离婚后子女抚养费",
        [
            candidate("某规定 第一条", "离婚离婚离婚离婚。", 12.0),
            candidate("某办法 第二条", "离婚后，子女抚养费由一方负担。", 11.0),
        ],
    )
    assert ranked[0].item == "某办法 第二条"


def test_a_document_number_or_title_bonus_stays_on_top():
    ranked = rerank(
        "车船税",
        [
            candidate("中华人民共和国车船税法 第五条", "车船税车船税。", 50.0),
            candidate("车船税征收管理规程", "车船税。", 1.0, bonus=1e5),
        ],
    )
    assert ranked[0].item == "车船税征收管理规程"
    assert ranked[0].score > 1e5
