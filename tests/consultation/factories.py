"""Factories for consultations and comments, built through the same services the editor, the
public form and the demo loader use, so every test object has passed the real rules."""

from datetime import datetime, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from consultation.models import Comment, ConsultationIndexPage, ConsultationPage
from consultation.rules import SHANGHAI
from consultation.services import comment_submit, consultation_create
from lists.models import Unit

DRAFT_TEXT = """第一章 总则
第一条 为了规范纳税缴费服务投诉管理，保护纳税人缴费人合法权益，制定本办法。
第二条 本办法适用于各级税务机关受理和处理纳税服务投诉。
第二章 投诉受理
第三条 纳税人缴费人可以通过网络、电话、信函或者当面等方式提出投诉。
第四条 税务机关应当自收到投诉之日起1个工作日内决定是否受理。
"""


def shanghai(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


class UnitFactory(DjangoModelFactory):
    """A unit of 机构职能, the 负责部门 of a consultation (one per name)."""

    class Meta:
        model = Unit
        django_get_or_create = ("name",)

    name = "纳税服务司"
    phone = "010-63417000"
    address = "北京市海淀区羊坊店西路5号"


class ConsultationFactory(factory.Factory):
    """A published consultation open since yesterday for 30 days (by the clock of the test)."""

    class Meta:
        model = ConsultationPage

    parent = factory.LazyFunction(lambda: ConsultationIndexPage.objects.get())
    title = "纳税服务投诉管理办法（征求意见稿）"
    explanation = "为进一步规范纳税服务投诉管理，起草了本办法。"
    draft_text = DRAFT_TEXT
    department_id = factory.LazyFunction(lambda: UnitFactory().pk)
    contact = "010-12345678"
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyAttribute(lambda o: o.opens_at + timedelta(days=30))
    # Published when it opened: the 30 days run from publication (征求意见期限不少于30日).
    published_at = factory.LazyAttribute(lambda o: min(o.opens_at, timezone.now()))

    @classmethod
    def _create(cls, model_class, **kwargs) -> ConsultationPage:
        return consultation_create(**kwargs)


class CommentFactory(factory.Factory):
    """A comment stored through `comment_submit`, at `now` (default: the test's clock)."""

    class Meta:
        model = Comment

    consultation = factory.SubFactory(ConsultationFactory)
    article_key = ""
    name = "张三"
    kind = "individual"
    contact = "13800138000"
    text = "建议补充办理时限。"
    privacy_accepted = True
    now = None

    @classmethod
    def _create(cls, model_class, **kwargs) -> Comment:
        return comment_submit(**kwargs)


def comment_data(**overrides) -> dict:
    """The POST a person sends from the public comment form (None leaves a field out)."""
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
