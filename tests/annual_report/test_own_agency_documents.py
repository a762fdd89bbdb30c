"""Issue 17 item 2: 表二 counts only documents issued by this portal's own agency (机构职能,
本机关), 联合发文 included when it is one of the issuers; the review lists what was left out and
why."""

from datetime import date

import pytest

from annual_report.models import AnnualReportIndexPage
from annual_report.selectors import cell_documents, current_figures, policy_exclusions
from annual_report.services import report_create
from tests.lists.factories import UnitFactory
from tests.policies.factories import IssuingAuthorityFactory, make_document

PROVINCE = "国家税务总局测试省税务局"


@pytest.fixture
def library(site_tree):
    """A provincial bureau's portal whose library also holds the national STA's documents."""
    UnitFactory(name=PROVINCE, is_agency=True)
    UnitFactory(name="办公室")
    own = IssuingAuthorityFactory(name=PROVINCE, code="14100000MB0000000X")
    finance = IssuingAuthorityFactory(name="测试省财政厅", code="")
    national = IssuingAuthorityFactory()
    return {
        "own": make_document(
            title="本局规范性文件",
            level="normative",
            authorities=[own],
            publish_date=date(2025, 3, 1),
        ),
        "joint": make_document(
            title="联合发文",
            level="normative",
            authorities=[finance, own],
            publish_date=date(2025, 4, 1),
        ),
        "written_only": make_document(
            title="只有成文日期",
            level="normative",
            authorities=[own],
            written_date=date(2025, 5, 20),
        ),
        "national": make_document(
            title="总局规范性文件",
            level="normative",
            authorities=[national],
            publish_date=date(2025, 6, 1),
        ),
        "other_joint": make_document(
            title="他局联合发文",
            level="normative",
            authorities=[finance, national],
            publish_date=date(2025, 6, 2),
        ),
        "undated": make_document(title="未注明日期", level="rule", authorities=[own]),
        "no_issuer": make_document(
            title="未填发文机关", level="rule", authorities=[], publish_date=date(2025, 1, 5)
        ),
    }


def test_only_this_agencys_documents_are_counted(library):
    assert current_figures(2025)["policies"] == {
        "rule": {"issued": 0, "repealed": 0, "valid": 0},
        "normative": {"issued": 3, "repealed": 0, "valid": 3},
    }
    assert [d.title for d in cell_documents(2025, "normative", "issued")] == [
        "本局规范性文件",
        "联合发文",
        "只有成文日期",
    ]


def test_left_out_documents_are_listed_with_the_reason(library):
    reasons = {record.title: reason for record, reason in policy_exclusions()}
    assert reasons == {
        "总局规范性文件": f"发文机关（国家税务总局）不含本机关（{PROVINCE}）",
        "他局联合发文": f"发文机关（国家税务总局、测试省财政厅）不含本机关（{PROVINCE}）",
        "未注明日期": "未填写发布日期和成文日期，无法判断所属年度",
        "未填发文机关": f"发文机关（未填写）不含本机关（{PROVINCE}）",
    }


def test_the_review_page_shows_the_left_out_documents(client, django_user_model, library):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.com", "pw"))
    page = report_create(parent=AnnualReportIndexPage.objects.get(), year=2025)
    html = client.get(f"/admin/annual-report/{page.pk}/review/").content.decode()
    assert 'data-exclusions="4"' in html
    assert "总局规范性文件" in html and f"不含本机关（{PROVINCE}）" in html
    assert "未填写发布日期和成文日期，无法判断所属年度" in html


def test_without_a_marked_agency_nothing_is_counted_and_the_review_says_why(site_tree):
    make_document(title="某规章", level="rule", publish_date=date(2025, 2, 1))
    assert current_figures(2025)["policies"]["rule"] == {"issued": 0, "repealed": 0, "valid": 0}
    assert [reason for _, reason in policy_exclusions()] == [
        "尚未在机构职能中标明本机关，无法判断发文机关"
    ]
