"""The service-guide catalogue interface: how other apps read 办税指南 items (`lists.ServiceGuide`).

Read-only. Taxpayer services (纳税服务) register 首问 matters and appointments against a guide's
item and take its published time limit (限时办结) from here; they reference guides in their models
by the string "lists.ServiceGuide" and never import the model.
"""

from dataclasses import dataclass
from urllib.parse import quote

from lists.models import ServiceGuide, ServiceGuideIndexPage


@dataclass(frozen=True)
class GuideItem:
    id: int
    code: str  # 指南编号, e.g. BSZN-001
    name: str  # 事项名称
    promised_limit: str  # 承诺时限 as published, e.g. "10个工作日"
    statutory_limit: str  # 法定时限 as published
    offline: bool  # can be handled at a 办税服务厅 (worth booking a visit for)
    handling_unit_id: int | None  # 办理机构 (lists.Unit)
    url: str  # the guide's public page


def catalogue_url() -> str:
    """The public 办税指南 column, where every item's time limit is published ("" if none)."""
    column = ServiceGuideIndexPage.objects.live().first()
    return column.url if column is not None else ""


def _item(guide: ServiceGuide, column_url: str) -> GuideItem:
    return GuideItem(
        id=guide.pk,
        code=guide.code,
        name=guide.name,
        promised_limit=guide.promised_limit,
        statutory_limit=guide.statutory_limit,
        offline=guide.offline,
        handling_unit_id=guide.handling_unit_id,
        url=f"{column_url}{quote(guide.code)}/" if column_url else "",
    )


def guide_items() -> list[GuideItem]:
    """Every published guide in published order (指南编号)."""
    column_url = catalogue_url()
    guides = ServiceGuide.objects.filter(live=True).order_by("code")
    return [_item(guide, column_url) for guide in guides]


def guide_item(guide_id: int | None) -> GuideItem | None:
    if guide_id is None:
        return None
    guide = ServiceGuide.objects.filter(pk=guide_id).first()
    return _item(guide, catalogue_url()) if guide is not None else None
