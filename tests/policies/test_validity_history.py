"""Issue 17 item 1: a change of 有效性 carries its own date and cause (the repealing document or
a reason), the history is ordered by date and then by the order recorded, and the annual report
counts the change in the year it happened."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from annual_report.proactive import PolicyFact, validity_on
from annual_report.selectors import current_figures
from policies.models import PolicyDocumentPage, PolicyIndexPage, ValidityChange
from policies.services.documents import policy_document_change_validity
from portal.errors import RuleViolation
from tests.lists.factories import UnitFactory
from tests.policies.factories import PolicyDocumentFactory
from tests.review import approve_review

REPEALER_NUMBER = "国家税务总局公告2020年第8号"


@pytest.fixture
def documents(site_tree):
    UnitFactory(name="国家税务总局", is_agency=True)
    return {
        "old": PolicyDocumentFactory(
            title="关于某项税收管理的公告",
            doc_number="国家税务总局公告2018年第28号",
            level="normative",
            publish_date=date(2018, 3, 1),
        ),
        "repealer": PolicyDocumentFactory(
            title="关于公布全文废止和部分条款废止的税务规范性文件目录的公告",
            doc_number=REPEALER_NUMBER,
            level="normative",
            publish_date=date(2020, 6, 1),
        ),
    }


def _edit(client, page: PolicyDocumentPage, **fields: str):
    """POST the editor's edit form of a live document with `fields` changed, and publish."""
    data = {
        "title": page.title,
        "slug": page.slug,
        "doc_number": page.doc_number,
        "publish_date": page.publish_date.isoformat() if page.publish_date else "",
        "level": page.level,
        "validity": page.validity,
        "topic": page.topic,
        "body-count": "0",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        "action-publish": "action-publish",
        **fields,
    }
    return client.post(f"/admin/pages/{page.pk}/edit/", data)


def _history(page) -> list[tuple]:
    return list(
        ValidityChange.objects.filter(document=page).values_list(
            "changed_on", "validity", "caused_by", "note"
        )
    )


def test_the_editor_asks_for_the_date_and_the_cause(client, documents):
    client.force_login(get_user_model().objects.create_superuser("ed", "e@example.invalid", "x"))
    old, repealer = documents["old"], documents["repealer"]

    response = _edit(client, old, validity="repealed")
    html = response.content.decode()
    assert response.status_code == 200
    assert "有效性由“全文有效”改为“全文废止”，请填写变更日期（自哪一天起）。" in html
    assert "请选择导致变更的依据文件，或填写变更原因。" in html
    assert _history(old) == [(date(2018, 3, 1), "valid", None, "")]
    assert PolicyDocumentPage.objects.get(pk=old.pk).validity == "valid"

    response = _edit(client, old, validity="repealed", validity_since="2017-01-01")
    assert "变更日期不能早于上一次有效性变更的日期（2018年3月1日）" in response.content.decode()

    response = _edit(
        client,
        old,
        validity="repealed",
        validity_since="2020-06-01",
        validity_basis=str(repealer.pk),
        validity_note=f"被{REPEALER_NUMBER}废止",
    )
    assert response.status_code == 302, response.content.decode()[:800]
    assert len(_history(old)) == 1  # recorded when the review chain publishes the change
    approve_review(old, get_user_model().objects.get(username="ed"))
    assert _history(old) == [
        (date(2018, 3, 1), "valid", None, ""),
        (date(2020, 6, 1), "repealed", repealer.pk, f"被{REPEALER_NUMBER}废止"),
    ]
    html = client.get(PolicyDocumentPage.objects.get(pk=old.pk).url).content.decode()
    assert "2020-06-01" in html and repealer.title in html


def test_a_reason_stands_in_for_a_repealing_document(documents):
    old = documents["old"]
    policy_document_change_validity(
        document=old, validity="invalid", changed_on=date(2019, 1, 1), note="有效期届满"
    )
    assert _history(old)[-1] == (date(2019, 1, 1), "invalid", None, "有效期届满")


def test_the_service_refuses_a_change_without_a_cause_and_changes_nothing(documents):
    old = documents["old"]
    with pytest.raises(RuleViolation, match="请选择导致变更的依据文件，或填写变更原因"):
        policy_document_change_validity(
            document=old, validity="repealed", changed_on=date(2020, 6, 1)
        )
    assert PolicyDocumentPage.objects.get(pk=old.pk).validity == "valid"
    assert len(_history(old)) == 1


def test_the_annual_report_counts_the_change_in_its_own_year(documents):
    policy_document_change_validity(
        document=documents["old"],
        validity="repealed",
        changed_on=date(2020, 6, 1),
        caused_by=documents["repealer"],
    )
    normative = {year: current_figures(year)["policies"]["normative"] for year in (2018, 2020)}
    assert normative[2018] == {"issued": 1, "repealed": 0, "valid": 1}
    assert normative[2020] == {"issued": 1, "repealed": 1, "valid": 1}  # the repealer is valid


def test_two_changes_on_one_day_keep_their_recorded_order(documents):
    """Repealed on the day it was published (a correction): 2018 counts it once, as 废止."""
    old = documents["old"]
    policy_document_change_validity(
        document=old, validity="repealed", changed_on=date(2018, 3, 1), note="发布当日即废止"
    )
    assert [v for _, v, _, _ in _history(old)] == ["valid", "repealed"]
    assert current_figures(2018)["policies"]["normative"] == {
        "issued": 1,
        "repealed": 1,
        "valid": 0,
    }


def test_validity_on_a_day_never_sorts_same_day_entries_by_their_code():
    fact = PolicyFact(
        1,
        "normative",
        date(2018, 3, 1),
        "repealed",
        ((date(2018, 3, 1), "valid"), (date(2018, 3, 1), "repealed")),
    )
    assert validity_on(fact, date(2018, 12, 31)) == "repealed"


def test_an_undated_documents_first_entry_has_no_invented_date(site_tree, clock, client):
    clock.set(2026, 11, 30, 10)
    undated = PolicyDocumentFactory(title="未注明日期的文件", parent=PolicyIndexPage.objects.get())
    assert _history(undated) == [(None, "valid", None, "")]
    html = client.get(undated.url).content.decode()
    assert "日期不详" in html and "2026-11-30" not in html
