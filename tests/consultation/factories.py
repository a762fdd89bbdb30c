"""Builders for consultations through the same service the demo loader uses."""

from datetime import datetime, timedelta

from django.utils import timezone

from consultation.models import ConsultationIndexPage
from consultation.rules import SHANGHAI
from consultation.services import consultation_create

DRAFT_TEXT = """第一章 总则
第一条 为了规范纳税缴费服务投诉管理，保护纳税人缴费人合法权益，制定本办法。
第二条 本办法适用于各级税务机关受理和处理纳税服务投诉。
第二章 投诉受理
第三条 纳税人缴费人可以通过网络、电话、信函或者当面等方式提出投诉。
第四条 税务机关应当自收到投诉之日起1个工作日内决定是否受理。
"""


def shanghai(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def make_consultation(**kwargs):
    now = timezone.now()
    kwargs.setdefault("parent", ConsultationIndexPage.objects.get())
    kwargs.setdefault("title", "纳税服务投诉管理办法（征求意见稿）")
    kwargs.setdefault("explanation", "为进一步规范纳税服务投诉管理，起草了本办法。")
    kwargs.setdefault("draft_text", DRAFT_TEXT)
    kwargs.setdefault("department", "纳税服务司")
    kwargs.setdefault("contact", "010-12345678")
    kwargs.setdefault("opens_at", now - timedelta(days=1))
    kwargs.setdefault("closes_at", kwargs["opens_at"] + timedelta(days=30))
    return consultation_create(**kwargs)


def comment_data(**overrides) -> dict:
    """The POST a person sends from the public comment form."""
    data = {
        "article": "",
        "name": "张三",
        "kind": "individual",
        "contact": "13800138000",
        "text": "建议明确受理时限的起算日期。",
        "privacy": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
