"""The editor's view: the 30-day rule with a clear message, and a reasoned short period."""

import json

import pytest
from django.core.exceptions import ValidationError

from consultation.models import ConsultationPage
from portal.errors import RuleViolation
from tests.consultation.factories import ConsultationFactory, UnitFactory, shanghai
from tests.review import approve_review


def _rich(text: str) -> str:
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "k1",
                    "type": "unstyled",
                    "text": text,
                    "depth": 0,
                    "inlineStyleRanges": [],
                    "entityRanges": [],
                }
            ],
            "entityMap": {},
        }
    )


def _add_form(**fields: str) -> dict:
    """The add-page POST Wagtail's editor sends for a draft with one article."""
    if "department" not in fields:
        fields["department"] = str(UnitFactory(name="所得税司").pk)
    data = {
        "title": "个人所得税专项附加扣除操作办法（征求意见稿）",
        "slug": "iit-deduction-draft",
        "explanation": _rich("为贯彻落实修改后的个人所得税法，起草了本办法。"),
        "draft-count": "1",
        "draft-0-type": "article",
        "draft-0-deleted": "",
        "draft-0-order": "0",
        "draft-0-id": "6a1e2a8c-3f0b-4c7e-9a51-2b9d7c0e1f11",
        "draft-0-value-number": "第一条",
        "draft-0-value-text": _rich("为规范专项附加扣除，制定本办法。"),
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        "contact": "010-63417000",
        "opens_at": "2026-12-01 00:00",
        "closes_at": "2026-12-30 00:00",
        "short_period_reason": "",
        "name_required": "on",
        "action-publish": "action-publish",
    }
    data.update(fields)
    return data


@pytest.fixture(autouse=True)
def before_the_consultation_opens(clock):
    """The forms below open a consultation on 2026-12-01: the clock stays before that day."""
    clock.set(2026, 11, 20, 10)


@pytest.fixture
def editor(client, staff):
    client.force_login(staff)
    return client


def _add_url(column) -> str:
    return f"/admin/pages/add/consultation/consultationpage/{column.pk}/"


def test_editor_is_told_a_29_day_period_needs_a_reason(editor, column):
    response = editor.post(_add_url(column), _add_form())
    assert response.status_code == 200
    html = response.content.decode()
    assert "征求意见期限为 29 天，少于 30 日" in html
    assert "请填写缩短理由" in html
    assert not ConsultationPage.objects.exists()


def test_editor_can_publish_a_30_day_period(editor, column, staff):
    response = editor.post(_add_url(column), _add_form(closes_at="2026-12-31 00:00"))
    assert response.status_code == 302, response.content.decode()[:2000]
    page = ConsultationPage.objects.get()
    assert not page.live and page.workflow_in_progress  # 发布 goes through its review chain
    approve_review(page, staff)
    assert page.live
    assert page.opens_at == shanghai(2026, 12, 1)


def test_editor_can_publish_a_short_period_with_a_reason_shown_publicly(
    editor, client, column, staff
):
    reason = "为配合年度汇算清缴工作，需在年底前定稿。"
    response = editor.post(
        _add_url(column), _add_form(closes_at="2026-12-16 00:00", short_period_reason=reason)
    )
    assert response.status_code == 302
    page = ConsultationPage.objects.get()
    approve_review(page, staff)
    html = client.get(page.url).content.decode()
    assert "征求意见期限少于 30 日的理由" in html and reason in html


def test_services_apply_the_same_rule(column):
    with pytest.raises(ValidationError) as raised:
        ConsultationFactory(opens_at=shanghai(2026, 12, 1), closes_at=shanghai(2026, 12, 30))
    assert "少于 30 日" in str(raised.value)
    page = ConsultationFactory(
        opens_at=shanghai(2026, 12, 1),
        closes_at=shanghai(2026, 12, 30),
        short_period_reason="上级要求限期出台。",
    )
    assert page.is_short_period and page.live


def test_editor_preview_of_a_new_consultation_renders_the_draft(editor, column):
    url = f"/admin/pages/add/consultation/consultationpage/{column.pk}/preview/"
    posted = editor.post(url, _add_form(closes_at="2026-12-31 00:00"))
    assert posted.json()["is_valid"] is True
    response = editor.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "为规范专项附加扣除，制定本办法。" in html and 'id="article-1"' in html


def test_page_explorer_links_each_consultation_to_its_comments(editor, column):
    page = ConsultationFactory()
    html = editor.get(f"/admin/pages/{column.pk}/").content.decode()
    assert f"/admin/consultation/{page.pk}/comments/" in html
    assert "意见管理" in html


def test_editor_chooses_the_department_from_the_organisation_list(editor, column):
    form = editor.get(_add_url(column)).content.decode()
    assert 'name="department"' in form and "选择 机构职能" in form  # Wagtail's unit chooser
    missing = editor.post(_add_url(column), _add_form(closes_at="2026-12-31 00:00", department=""))
    assert missing.status_code == 200 and not ConsultationPage.objects.exists()
    bogus = editor.post(
        _add_url(column), _add_form(closes_at="2026-12-31 00:00", department="999999")
    )
    assert "所选部门不存在，请从机构职能中选择。" in bogus.content.decode()
    assert not ConsultationPage.objects.exists()
    published = editor.post(_add_url(column), _add_form(closes_at="2026-12-31 00:00"))
    assert published.status_code == 302
    assert ConsultationPage.objects.get().department.name == "所得税司"


def test_the_service_refuses_a_department_that_does_not_exist(column):
    with pytest.raises(RuleViolation, match="所选负责部门不存在"):
        ConsultationFactory(department_id=999999)
    assert not ConsultationPage.objects.exists()


def test_a_unit_that_runs_a_consultation_cannot_be_deleted(editor, column):
    unit = UnitFactory(name="货物和劳务税司")
    page = ConsultationFactory(department_id=unit.pk)
    response = editor.post(f"/admin/snippets/lists/unit/delete/{unit.pk}/")
    assert response.status_code in (302, 403)
    assert type(unit).objects.filter(pk=unit.pk).exists()
    assert ConsultationPage.objects.get(pk=page.pk).department_id == unit.pk
