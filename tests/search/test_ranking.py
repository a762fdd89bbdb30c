"""The last ranking step both backends share (search.ranking): legal rank, source and neighbour
agreement, word coverage and the candidates' expansion, on candidates as a backend hands them
over."""

import pytest

from search.ranking import (
    Candidate,
    article_key,
    article_number,
    expansion,
    legal_level,
    rerank,
    source_name,
)
from search.segmentation import normalize


def candidate(title: str, body: str, score: float, bonus: float = 0.0) -> Candidate:
    return Candidate(
        title=title, text=normalize(title + "\n" + body), score=score, bonus=bonus, item=title
    )


def order(query: str, *candidates: Candidate) -> list[str]:
    """The candidates' titles in reranked order."""
    return [ranked.item for ranked in rerank(query, list(candidates))]


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


@pytest.mark.parametrize(
    ("title", "number"),
    [
        ("中华人民共和国民法典 第一千零二十三条", 1023),
        ("中华人民共和国民法典 第九百零一条", 901),
        ("中华人民共和国民法典 第一百一十条", 110),
        ("中华人民共和国刑法 第十条", 10),
        ("中华人民共和国刑法 第二十条", 20),
        ("中华人民共和国刑法 第一百三十三条之一", 133),  # an added article sits beside 133
        ("某规定 第12条", 12),
        ("关于深化增值税改革有关政策的公告", None),
    ],
)
def test_an_article_title_gives_its_article_number(title, number):
    assert article_number(title) == number


def test_an_article_key_names_statute_and_number():
    assert article_key("中华人民共和国民法典 第九百零六条") == "中华人民共和国民法典#906"
    assert article_key("关于深化增值税改革有关政策的公告") == ""


def test_a_law_outranks_a_lesser_text_that_matches_as_well():
    assert order(
        "车船税",
        candidate("车船税征收管理规程 第五条", "缴纳车船税。", 10.0),
        candidate("中华人民共和国车船税法 第五条", "缴纳车船税。", 10.0),
    ) == [
        "中华人民共和国车船税法 第五条",
        "车船税征收管理规程 第五条",
    ]


def test_articles_of_the_statute_covering_the_subject_support_each_other():
    """Equal scores; the article whose statute has other strong candidates comes first."""
    ranked = order(
        "仓储合同的保管人",
        candidate("某条例 第三条", "仓储合同的保管人。", 8.0),
        candidate("某规定 第九条", "仓储合同的保管人。", 8.0),
        candidate("某规定 第十条", "仓储物的保管。", 7.0),
        candidate("某规定 第十一条", "仓储费。", 6.0),
    )
    assert ranked[0] == "某规定 第九条"


def test_among_the_leaders_more_of_the_query_s_words_wins():
    ranked = order(
        "离婚后子女抚养费",
        candidate("某规定 第一条", "离婚离婚离婚离婚。", 12.0),
        candidate("某办法 第二条", "离婚后，子女抚养费由一方负担。", 11.0),
    )
    assert ranked[0] == "某办法 第二条"


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


def test_an_article_next_to_a_strong_one_gains_and_one_far_away_does_not():
    """Same statute, same words: the article two places from a strong one comes first."""
    ranked = order(
        "仓储费",
        candidate("某法 第三十条", "仓储费。", 8.0),
        candidate("某法 第十条", "仓储费。", 8.0),
        candidate("某法 第十二条", "仓储费的支付。", 9.0),
    )
    assert ranked[1:] == ["某法 第十条", "某法 第三十条"]


def test_expansion_widens_the_best_statutes_and_the_leaders_neighbours():
    candidates = [
        candidate("某甲法 第五条", "", 9.0),
        candidate("某乙法 第二条", "", 8.0),
        candidate("某丙法 第七条", "", 7.0),
        candidate("某丁法 第九条", "", 1.0),
        candidate("关于某事项的公告", "", 20.0),  # no article number: nothing to widen
    ]
    plan = expansion(candidates)
    assert plan.sources == ["某甲法", "某乙法", "某丙法"]
    assert plan.articles[:4] == ["某甲法#3", "某甲法#4", "某甲法#6", "某甲法#7"]
    assert "某乙法#1" in plan.articles and "某乙法#0" not in plan.articles
    assert "某甲法#5" not in plan.articles  # already a candidate
    # A keyword query's results must hold its words: its neighbours are not added.
    assert expansion(candidates, neighbours=False).articles == []
