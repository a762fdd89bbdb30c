"""主题分类: the 22 top categories of the gov.cn policy library, with the subcategories a tax
authority files under (财政、金融、审计\\税务 for tax documents).

Codes are stable ASCII (`finance/tax`); labels are what gov.cn shows, a subcategory written
`大类\\小类`. A top-level code also selects its subcategories in list filters.
"""

TOP_CATEGORIES: list[tuple[str, str]] = [
    ("state-council", "国务院组织机构"),
    ("general", "综合政务"),
    ("economy", "国民经济管理、国有资产监管"),
    ("finance", "财政、金融、审计"),
    ("land-energy", "国土资源、能源"),
    ("agriculture", "农业、林业、水利"),
    ("industry", "工业、交通"),
    ("commerce", "商贸、海关、旅游"),
    ("market", "市场监管、安全生产监管"),
    ("urban", "城乡建设、环境保护"),
    ("science", "科技、教育"),
    ("culture", "文化、广电、新闻出版"),
    ("health", "卫生、体育"),
    ("population", "人口与计划生育、妇女儿童工作"),
    ("labour", "劳动、人事、监察"),
    ("security", "公安、安全、司法"),
    ("civil", "民政、扶贫、救灾"),
    ("ethnic", "民族、宗教"),
    ("foreign", "对外事务"),
    ("hmt", "港澳台侨工作"),
    ("defence", "国防"),
    ("other", "其他"),
]
SUBCATEGORIES: dict[str, list[tuple[str, str]]] = {
    "general": [("general/affairs", "政务公开")],
    "finance": [
        ("finance/fiscal", "财政"),
        ("finance/tax", "税务"),
        ("finance/audit", "审计"),
    ],
}
DEFAULT_TOPIC = "finance/tax"


def topic_choices() -> list[tuple[str, str]]:
    """Flat (code, label) pairs, each top category followed by its subcategories."""
    choices = []
    for code, label in TOP_CATEGORIES:
        choices.append((code, label))
        for sub_code, sub_label in SUBCATEGORIES.get(code, []):
            choices.append((sub_code, f"{label}\\{sub_label}"))
    return choices


TOPIC_CHOICES = topic_choices()


def topic_and_subtopics(code: str) -> list[str]:
    """The code itself and, for a top category, every subcategory under it."""
    return [code, *(sub for sub, _ in SUBCATEGORIES.get(code, []))]
