"""One corpus and one query list that every backend is run against (see test_backends_agree)."""

from dataclasses import dataclass, field
from datetime import date

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


DOCUMENTS = [
    _doc(
        1,
        "国家税务总局关于全面推行税务系统首问责任制的通知",
        "税务总局决定在全国税务系统全面推行首问责任制，首问责任人负责接待纳税人。",
        doc_number="税总发〔2014〕59号",
        authorities=["国家税务总局"],
        publish_date=date(2014, 4, 24),
        validity="全文有效",
        topics=["税务"],
    ),
    _doc(
        2,
        "关于个人所得税专项附加扣除的公告",
        "纳税人享受子女教育、继续教育、住房贷款利息等专项附加扣除。",
        doc_number="国家税务总局公告2018年第60号",
        authorities=["国家税务总局"],
        publish_date=date(2018, 12, 21),
        validity="全文有效",
        topics=["税务"],
    ),
    _doc(
        3,
        "关于深化增值税改革有关政策的公告",
        "自2019年4月1日起，试行增值税期末留抵税额退税制度，符合条件的纳税人可以申请退还增量留抵税额。",
        doc_number="财政部 税务总局 海关总署公告2019年第39号",
        authorities=["财政部", "国家税务总局", "海关总署"],
        publish_date=date(2019, 3, 20),
        validity="部分失效",
        topics=["财政"],
    ),
    _doc(
        4,
        "关于小规模纳税人减免增值税政策的公告",
        "对月销售额10万元以下（含本数）的增值税小规模纳税人，免征增值税。",
        doc_number="财政部 税务总局公告2023年第19号",
        authorities=["财政部", "国家税务总局"],
        publish_date=date(2023, 8, 1),
        validity="全文有效",
        topics=["税务"],
    ),
    _doc(
        5,
        "中华人民共和国发票管理办法",
        "发票的印制、领用、开具、取得、保管、缴销，必须遵守本办法。",
        authorities=["国务院"],
        publish_date=date(2019, 3, 2),
        validity="全文有效",
        topics=["税务"],
    ),
    _doc(
        6,
        "关于推行办税事项限时办结制度的意见",
        "各级税务机关对纳税人申请办理的事项实行限时办结，超过时限未办结的应当说明理由。",
        authorities=["国家税务总局"],
        publish_date=date(2015, 1, 19),
        validity="全文失效",
        topics=["税务"],
    ),
    _doc(
        7,
        "首问责任制政策解读",
        "解读首问责任制：第一位接待纳税人的工作人员就是首问责任人。",
        content_type="interpretation",
        authorities=["国家税务总局"],
        publish_date=date(2014, 4, 25),
        validity="全文有效",
        topics=["税务"],
    ),
    # An interpretation repeating its document's title: the document must still come first
    # for a query equal to that title.
    _doc(
        8,
        "《关于小规模纳税人减免增值税政策的公告》政策解读",
        "关于小规模纳税人减免增值税政策的公告明确：小规模纳税人减免增值税。",
        content_type="interpretation",
        authorities=["税务总局"],
        publish_date=date(2023, 8, 2),
        validity="全文有效",
        topics=["税务"],
    ),
    # Noise for short queries: it shares 个人 with 个人所得税, and its issuing body is given by
    # the short names 办公厅 and 总局 (facets show the full names).
    _doc(
        9,
        "网站隐私政策",
        "本网站重视个人信息和个人隐私的保护，不收集与办理事项无关的个人信息。",
        authorities=["办公厅"],
        publish_date=date(2024, 5, 6),
        validity="全文有效",
        topics=["政务公开"],
    ),
    _doc(
        10,
        "关于政府信息公开工作年度报告的说明",
        "本机关办公厅负责编制政府信息公开工作年度报告，个人可以查阅。",
        authorities=["国家税务总局办公厅", "总局"],
        publish_date=date(2024, 1, 15),
        validity="全文有效",
        topics=["政务公开"],
    ),
    # The same words in a law and in a lesser text: the law comes first (search.ranking).
    _doc(
        11,
        "车船税征收管理规程 第五条",
        "车船的所有人或者管理人应当依照规定缴纳车船税。",
        publish_date=date(2015, 11, 26),
        validity="全文有效",
    ),
    _doc(
        12,
        "中华人民共和国车船税法 第五条",
        "车船的所有人或者管理人应当依照规定缴纳车船税。",
        publish_date=date(2019, 4, 23),
        validity="全文有效",
    ),
    # A chapter's closing article answers without the question's words: a neighbour of the
    # matching article two places away is shown too (search.ranking).
    _doc(
        13,
        "中华人民共和国民法典 第九百零四条",
        "仓储合同是保管人储存存货人交付的仓储物，存货人支付仓储费的合同。",
        publish_date=date(2020, 5, 28),
        validity="全文有效",
        topics=["民事"],
    ),
    _doc(
        14,
        "中华人民共和国民法典 第九百零六条",
        "本章没有规定的，适用保管合同的有关规定。",
        publish_date=date(2020, 5, 28),
        validity="全文有效",
        topics=["民事"],
    ),
]

NO_HIT = ""  # `top` of a query that must find nothing


@dataclass
class SharedQuery:
    text: str
    top: str  # key of the document every backend must rank first (NO_HIT: none may match)
    filters: dict[str, str] = field(default_factory=dict)
    sort: str = "relevance"
    # facet counts every backend must return for the query (those named here)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


QUERIES = [
    SharedQuery("全面推行首问责任制", "policies.policydocumentpage:1"),
    SharedQuery("首问", "policies.policydocumentpage:7", {"type": "interpretation"}),
    SharedQuery("个税专项附加扣除", "policies.policydocumentpage:2"),
    SharedQuery("留抵退税", "policies.policydocumentpage:3"),
    SharedQuery("谁可以享受小规模纳税人免征增值税的优惠吗？", "policies.policydocumentpage:4"),
    SharedQuery("税总发[2014]59号", "policies.policydocumentpage:1"),
    SharedQuery("发票怎么领用", "policies.policydocumentpage:5"),
    SharedQuery("限时办结", "policies.policydocumentpage:6", {"validity": "全文失效"}),
    SharedQuery("增值税", "policies.policydocumentpage:4", {"year": "2023"}),
    SharedQuery("纳税人", "policies.policydocumentpage:4", {"authority": "财政部"}, "date"),
    # Short queries require their meaningful words: 个人 alone (in the privacy notice) is noise.
    SharedQuery("个人所得税 年度汇算", NO_HIT),
    SharedQuery("个人所得税 专项附加扣除", "policies.policydocumentpage:2"),
    SharedQuery("个人 隐私", "policies.policydocumentpage:9"),
    # A query equal to a document's title puts the document above its own interpretation.
    SharedQuery("关于小规模纳税人减免增值税政策的公告", "policies.policydocumentpage:4"),
    SharedQuery("《关于小规模纳税人减免增值税政策的公告》", "policies.policydocumentpage:4"),
    # One facet per issuing body, whatever name a source gave; a short name still filters.
    SharedQuery(
        "个人隐私",
        "policies.policydocumentpage:9",
        facets={"authority": {"国家税务总局办公厅": 1}},
    ),
    SharedQuery(
        "年度报告",
        "policies.policydocumentpage:10",
        facets={"authority": {"国家税务总局": 1, "国家税务总局办公厅": 1}},
    ),
    SharedQuery("个人信息", "policies.policydocumentpage:9", {"authority": "办公厅"}),
    SharedQuery("车船的所有人要缴纳车船税吗？", "policies.policydocumentpage:12"),
    SharedQuery(
        "存货人要支付仓储费吗？",
        "policies.policydocumentpage:13",
        facets={"topic": {"民事": 2}},  # the neighbour shown counts
    ),
    SharedQuery(
        "小规模纳税人",
        "policies.policydocumentpage:8",
        facets={"authority": {"国家税务总局": 2, "财政部": 1}},
    ),
]

# Six articles away from 第九百零四条: too far to be its neighbour (test_backends_agree).
FAR_ARTICLE = _doc(
    15,
    "中华人民共和国民法典 第九百一十条",
    "本章没有规定的，适用保管合同的有关规定。",
    publish_date=date(2020, 5, 28),
    validity="全文有效",
    topics=["民事"],
)
