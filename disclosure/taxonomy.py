"""Fixed vocabularies of 依申请公开, as the annual report (国办公开办函〔2021〕30号) counts them.

Requests record their applicant kind and outcome with these codes, so the annual report tables are
computed, never re-keyed. Order here is the order of the table's columns and rows.
"""

APPLICANT_NATURAL_PERSON = "natural_person"

APPLICANT_KINDS: list[tuple[str, str]] = [
    (APPLICANT_NATURAL_PERSON, "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("public_welfare", "社会公益组织"),
    ("legal_service", "法律服务机构"),
    ("other_org", "其他"),
]

# (code, group label, row label) in table order; the group label is the row heading （一）…（六）.
OUTCOMES: list[tuple[str, str, str]] = [
    ("disclose", "（一）予以公开", "（一）予以公开"),
    (
        "partial",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    ),
    ("refuse_1", "（三）不予公开", "1.属于国家秘密"),
    ("refuse_2", "（三）不予公开", "2.其他法律行政法规禁止公开"),
    ("refuse_3", "（三）不予公开", "3.危及“三安全一稳定”"),
    ("refuse_4", "（三）不予公开", "4.保护第三方合法权益"),
    ("refuse_5", "（三）不予公开", "5.属于三类内部事务信息"),
    ("refuse_6", "（三）不予公开", "6.属于四类过程性信息"),
    ("refuse_7", "（三）不予公开", "7.属于行政执法案卷"),
    ("refuse_8", "（三）不予公开", "8.属于行政查询事项"),
    ("unable_1", "（四）无法提供", "1.本机关不掌握相关政府信息"),
    ("unable_2", "（四）无法提供", "2.没有现成信息需要另行制作"),
    ("unable_3", "（四）无法提供", "3.补正后申请内容仍不明确"),
    ("not_processed_1", "（五）不予处理", "1.信访举报投诉类申请"),
    ("not_processed_2", "（五）不予处理", "2.重复申请"),
    ("not_processed_3", "（五）不予处理", "3.要求提供公开出版物"),
    ("not_processed_4", "（五）不予处理", "4.无正当理由大量反复申请"),
    ("not_processed_5", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
    (
        "other_1",
        "（六）其他处理",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    (
        "other_2",
        "（六）其他处理",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    ("other_3", "（六）其他处理", "3.其他"),
]


def outcome_display(group: str, label: str) -> str:
    """'不予公开·1.属于国家秘密' for sub-rows, '予以公开' for single rows."""
    group_name = group.split("）", 1)[1].split("（", 1)[0]
    return group_name if group == label else f"{group_name}·{label}"


OUTCOME_CHOICES: list[tuple[str, str]] = [
    (code, outcome_display(group, label)) for code, group, label in OUTCOMES
]

# Automatic outcomes the state machine records when the applicant lets a deadline lapse.
OUTCOME_CORRECTION_LAPSED = "other_1"
OUTCOME_FEE_UNPAID = "other_2"
