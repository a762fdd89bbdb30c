"""The report computed from requests made through the disclosure services and from policy pages."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from annual_report.selectors import cell_requests, current_figures
from annual_report.services import appeal_case_decide, appeal_case_record
from policies.services.documents import policy_document_change_validity
from tests.annual_report import builders
from tests.lists.factories import UnitFactory
from tests.policies.factories import make_document


@pytest.fixture
def ledger_2025(site_tree):
    """Requests crossing both year boundaries, each automatic outcome, a withdrawal and a fee."""
    return {
        "carried_in": builders.replied(
            "commercial", date(2024, 12, 23), "partial", date(2025, 1, 8)
        ),
        "old_done": builders.replied("research", date(2024, 3, 4), "disclose", date(2024, 3, 20)),
        "new_done": builders.replied(
            "natural_person", date(2025, 3, 3), "refuse_4", date(2025, 3, 20)
        ),
        "lapsed": builders.correction_lapsed("public_welfare", date(2025, 4, 7)),
        "unpaid": builders.fee_unpaid("legal_service", date(2025, 5, 12)),
        "paid": builders.fee_paid_and_replied(
            "other_org", date(2025, 6, 2), date(2025, 6, 5), date(2025, 6, 20)
        )[0],
        "withdrawn": builders.withdrawn("natural_person", date(2025, 7, 1), date(2025, 7, 3)),
        "carried_out": builders.register("natural_person", date(2025, 12, 22)),
        "answered_next_year": builders.replied(
            "commercial", date(2025, 12, 26), "unable_1", date(2026, 1, 9)
        ),
        "next_year": builders.register("research", date(2026, 2, 2)),
    }


def test_ledger_from_services_fills_the_right_cells(ledger_2025):
    table = current_figures(2025)["applications"]
    assert table["new"] == {
        "natural_person": 3,
        "commercial": 1,
        "research": 0,
        "public_welfare": 1,
        "legal_service": 1,
        "other_org": 1,
        "total": 7,
    }
    assert table["carried_in"]["commercial"] == table["carried_in"]["total"] == 1
    assert table["partial"]["commercial"] == 1
    assert table["refuse_4"]["natural_person"] == 1
    assert table["other_1"]["public_welfare"] == 1  # 补正 lapsed
    assert table["other_2"]["legal_service"] == 1  # fee notice unpaid
    assert table["disclose"]["other_org"] == 1
    assert table["other_3"]["natural_person"] == 1  # withdrawal
    assert table["result_total"]["total"] == 6
    assert table["carried_out"] == {
        "natural_person": 1,
        "commercial": 1,
        "research": 0,
        "public_welfare": 0,
        "legal_service": 0,
        "other_org": 0,
        "total": 2,
    }
    assert current_figures(2025)["fees"] == {"amount": "300.00", "requests": 1}


def test_drill_down_lists_the_requests_of_a_cell(ledger_2025):
    numbers = [r.number for r in cell_requests(2025, "carried_out", "total")]
    assert numbers == [ledger_2025["carried_out"].number, ledger_2025["answered_next_year"].number]
    assert [r.number for r in cell_requests(2026, "carried_in", "commercial")] == [
        ledger_2025["answered_next_year"].number
    ]


def test_policy_table_counts_library_documents(site_tree):
    UnitFactory(name="国家税务总局", is_agency=True)  # the documents' issuer runs this portal
    rule = make_document(title="规章甲", level="rule", publish_date=date(2025, 2, 1))
    old = make_document(title="规范性文件乙", level="normative", publish_date=date(2020, 2, 1))
    make_document(title="规范性文件丙", level="normative", publish_date=date(2025, 5, 1))
    make_document(title="其他文件", level="other", publish_date=date(2025, 5, 1))
    make_document(title="未发布规章", level="rule", publish_date=date(2025, 5, 1), publish=False)
    policy_document_change_validity(
        document=old, validity="repealed", changed_on=date(2025, 9, 1), caused_by=rule
    )
    assert current_figures(2025)["policies"] == {
        "rule": {"issued": 1, "repealed": 0, "valid": 1},
        "normative": {"issued": 1, "repealed": 1, "valid": 1},
    }
    assert current_figures(2024)["policies"]["normative"] == {
        "issued": 0,
        "repealed": 0,
        "valid": 1,
    }


def test_appeal_cases_in_each_state(ledger_2025):
    request = ledger_2025["new_done"]
    appeal_case_record(
        request=request,
        route="reconsideration",
        filed_on=date(2025, 4, 1),
        result="upheld",
        decided_on=date(2025, 6, 1),
    )
    appeal_case_record(
        request=request,
        route="reconsideration",
        filed_on=date(2025, 4, 2),
        result="corrected",
        decided_on=date(2025, 6, 2),
    )
    appeal_case_record(
        request=request,
        route="direct_lawsuit",
        filed_on=date(2025, 5, 1),
        result="other",
        decided_on=date(2025, 8, 1),
    )
    pending = appeal_case_record(
        request=request, route="lawsuit_after_reconsideration", filed_on=date(2025, 7, 1)
    )
    appeals = current_figures(2025)["appeals"]
    assert appeals["reconsideration"] == {
        "upheld": 1,
        "corrected": 1,
        "other": 0,
        "pending": 0,
        "total": 2,
    }
    assert appeals["direct_lawsuit"] == {
        "upheld": 0,
        "corrected": 0,
        "other": 1,
        "pending": 0,
        "total": 1,
    }
    assert appeals["lawsuit_after_reconsideration"] == {
        "upheld": 0,
        "corrected": 0,
        "other": 0,
        "pending": 1,
        "total": 1,
    }
    appeal_case_decide(case=pending, result="corrected", decided_on=date(2026, 3, 1))
    assert current_figures(2025)["appeals"]["lawsuit_after_reconsideration"]["pending"] == 1
    assert current_figures(2026)["appeals"]["lawsuit_after_reconsideration"]["corrected"] == 1


def test_appeal_case_rejects_inconsistent_dates(ledger_2025):
    request = ledger_2025["new_done"]
    with pytest.raises(ValidationError) as error:
        appeal_case_record(
            request=request, route="reconsideration", filed_on=date(2025, 4, 1), result="upheld"
        )
    assert error.value.message_dict["decided_on"] == ["已审结的案件请填写审结日期。"]
    with pytest.raises(ValidationError):
        appeal_case_record(
            request=request,
            route="reconsideration",
            filed_on=date(2025, 4, 1),
            result="upheld",
            decided_on=date(2025, 3, 1),
        )


def test_command_prints_json_tables(ledger_2025, capsys):
    call_command("annual_report", "2025")
    import json

    document = json.loads(capsys.readouterr().out)
    assert document["applications"]["carried_out"]["total"] == 2
    assert document["checks"] == []
    assert document["article20"]["licensing"] == 0  # no enforcement rows in this ledger
    assert "2025年没有已发布的行政许可决定" in document["warnings"][0]
    rows = document["tables"]["三"]
    assert rows[0] == {
        "label": "一、本年新收政府信息公开申请数量",
        "values": ["3", "1", "0", "1", "1", "1", "7"],
    }
    assert rows[-1]["label"] == "四、结转下年度继续办理"
    assert Decimal(document["fees"]["amount"]) == Decimal("300.00")


def test_command_writes_xlsx_file(ledger_2025, tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "2025.xlsx"
    call_command("annual_report", "2025", "--format", "xlsx", "--output", str(target))
    sheet = load_workbook(target)["表三 申请情况"]
    assert sheet["A30"].value == "四、结转下年度继续办理"
    assert sheet["J30"].value == 2


def test_command_json_to_file_and_bad_input(ledger_2025, tmp_path):
    from django.core.management.base import CommandError

    target = tmp_path / "2025.json"
    call_command("annual_report", "2025", "--output", str(target))
    assert '"carried_out"' in target.read_text(encoding="utf-8")
    with pytest.raises(CommandError, match="请用 --output 指定文件路径"):
        call_command("annual_report", "2025", "--format", "xlsx")
    with pytest.raises(CommandError, match="年度 1999 无效"):
        call_command("annual_report", "1999")
    with pytest.raises(CommandError, match="无法写入"):
        call_command("annual_report", "2025", "--output", str(tmp_path / "missing" / "x.json"))
