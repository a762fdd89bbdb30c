"""Row and column labels exactly as printed in the national format (国办公开办函〔2021〕30号)."""

from annual_report.appeals import RESULT_TOTAL, RESULTS, ROUTES
from annual_report.applications import (
    COLUMN_TOTAL,
    ROW_CARRIED_IN,
    ROW_CARRIED_OUT,
    ROW_NEW,
    ROW_RESULT_TOTAL,
)
from annual_report.proactive import SECTION2_LEVELS
from disclosure.taxonomy import APPLICANT_KINDS, OUTCOMES

SECTION_TITLES = {
    "one": "一、总体情况",
    "two": "二、主动公开政府信息情况",
    "three": "三、收到和处理政府信息公开申请情况",
    "four": "四、政府信息公开行政复议、行政诉讼情况",
    "five": "五、存在的主要问题及改进情况",
    "six": "六、其他需要报告的事项",
}

ROW_LABELS = {
    ROW_NEW: "一、本年新收政府信息公开申请数量",
    ROW_CARRIED_IN: "二、上年结转政府信息公开申请数量",
    ROW_RESULT_TOTAL: "（七）总计",
    ROW_CARRIED_OUT: "四、结转下年度继续办理",
}
RESULTS_HEADING = "三、本年度办理结果"
BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANT_HEADING = "申请人情况"
LEGAL_PERSON_HEADING = "法人或其他组织"
COLUMN_LABELS = {**dict(APPLICANT_KINDS), COLUMN_TOTAL: "总计"}
OUTCOME_LABELS = {code: (group, label) for code, group, label in OUTCOMES}

POLICY_LABELS = dict(SECTION2_LEVELS)
POLICY_MEASURE_LABELS = {
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "valid": "现行有效件数",
}
ROUTE_LABELS = dict(ROUTES)
ARTICLE20_LABELS = {
    "licensing": "行政许可",
    "penalty": "行政处罚",
    "coercion": "行政强制",
    "fee_amount": "行政事业性收费",
    "fee_items": "行政事业性收费项目数",
}
RESULT_LABELS = {**dict(RESULTS), RESULT_TOTAL: "总计"}


def row_label(row: str) -> str:
    if row in ROW_LABELS:
        return ROW_LABELS[row]
    group, label = OUTCOME_LABELS[row]
    return f"{RESULTS_HEADING}·{label}" if group == label else f"{RESULTS_HEADING}·{group}·{label}"


def cell_label(path: tuple[str, ...]) -> str:
    """A readable name for a cell of `figures.flatten`, used in check messages."""
    section = path[0]
    if section == "applications":
        return f"表三 {row_label(path[1])} / {COLUMN_LABELS[path[2]]}"
    if section == "policies":
        return f"表二 {POLICY_LABELS[path[1]]} / {POLICY_MEASURE_LABELS[path[2]]}"
    if section == "appeals":
        return f"表四 {ROUTE_LABELS[path[1]]} / {RESULT_LABELS[path[2]]}"
    if section == "article20":
        measure = "本年收费金额（万元）" if path[1] == "fee_amount" else "本年处理决定数量"
        if path[1] == "fee_items":
            return "表二 行政事业性收费项目数"
        return f"表二 {ARTICLE20_LABELS[path[1]]} / {measure}"
    return {"amount": "信息处理费金额（元）", "requests": "收取信息处理费的申请数"}[path[1]]
