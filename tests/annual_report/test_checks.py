"""The consistency checks refuse broken figures and name the cell."""

from annual_report.checks import (
    article20_warnings,
    check_figures,
    check_report,
    check_unchanged,
)
from annual_report.figures import compute_figures
from tests.annual_report.ledger_cases import ledger


def figures():
    return compute_figures(year=2025, policies=[], ledger=ledger(), appeals=[])


def test_balanced_figures_pass_every_check():
    good = figures()
    assert check_report(draft=good, current=figures()) == []


def test_column_out_of_balance_is_refused():
    broken = figures()
    broken["applications"]["new"]["commercial"] += 1
    messages = [failure.message for failure in check_figures(broken)]
    assert any(
        m.startswith("“商业企业”列：一（5）+ 二（1）= 6，但三（七）总计（5）") for m in messages
    )
    assert any(
        "“一、本年新收政府信息公开申请数量”行：各类申请人之和为 27，但总计为 26" in m
        for m in messages
    )


def test_result_total_must_equal_its_rows():
    broken = figures()
    broken["applications"]["refuse_1"]["research"] = 0
    broken["applications"]["refuse_1"]["total"] = 0
    messages = [failure.message for failure in check_figures(broken)]
    assert "“科研机构”列：办理结果各项之和为 3，但（七）总计为 4。" in messages


def test_appeal_total_must_equal_its_parts():
    broken = figures()
    broken["appeals"]["direct_lawsuit"]["total"] = 1
    messages = [failure.message for failure in check_figures(broken)]
    assert messages == ["表四“未经复议直接起诉”：各项之和为 0，但总计为 1。"]


def test_number_changed_since_draft_is_flagged():
    draft = figures()
    current = figures()
    current["applications"]["disclose"]["natural_person"] = 3
    current["applications"]["disclose"]["total"] = 4
    failures = check_unchanged(draft, current)
    assert [f.message for f in failures] == [
        "表三 三、本年度办理结果·（一）予以公开 / 自然人：草稿生成时为 2，现在为 3。"
        "请重新生成草稿后再发布。",
        "表三 三、本年度办理结果·（一）予以公开 / 总计：草稿生成时为 3，现在为 4。"
        "请重新生成草稿后再发布。",
    ]


def test_empty_article20_lists_warn_and_changed_counts_are_named():
    counted = {"licensing": 4, "penalty": 0, "coercion": 2, "fee_amount": "0", "fee_items": 0}
    draft = compute_figures(year=2025, policies=[], ledger=[], appeals=[], article20=counted)
    assert article20_warnings(draft) == [
        "2025年没有已发布的行政处罚决定，表二该项为 0。"
        "如有决定尚未录入或仍在审核，请先在“行政执法公示”中发布。",
        "2025年没有已发布的行政事业性收费项目，表二收费金额为 0。"
        "如有收费项目，请先在“行政事业性收费”中发布。",
    ]
    assert check_figures(draft) == []
    now = compute_figures(
        year=2025, policies=[], ledger=[], appeals=[], article20={**counted, "licensing": 5}
    )
    assert [f.message for f in check_unchanged(draft, now)] == [
        "表二 行政许可 / 本年处理决定数量：草稿生成时为 4，现在为 5。请重新生成草稿后再发布。"
    ]
