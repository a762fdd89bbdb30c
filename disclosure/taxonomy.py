"""Fixed vocabularies of 依申请公开, as the annual report (国办公开办函〔2021〕30号) counts them.

Requests record their applicant kind and outcome with these codes, so the annual report tables are
computed, never re-keyed. Order here is the order of the table's columns and rows. Each outcome
row also names the reply notice (答复告知书) that tells the applicant about it.
"""

from typing import NamedTuple

APPLICANT_NATURAL_PERSON = "natural_person"

APPLICANT_KINDS: list[tuple[str, str]] = [
    (APPLICANT_NATURAL_PERSON, "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("public_welfare", "社会公益组织"),
    ("legal_service", "法律服务机构"),
    ("other_org", "其他"),
]

# Reply notice kinds (values of disclosure.models.NoticeKind), one per outcome group.
NOTICE_REPLY_DISCLOSE = "reply_disclose"
NOTICE_REPLY_PARTIAL = "reply_partial"
NOTICE_REPLY_REFUSE = "reply_refuse"
NOTICE_REPLY_UNABLE = "reply_unable"
NOTICE_REPLY_NOT_PROCESSED = "reply_not_processed"
NOTICE_REPLY_OTHER = "reply_other"


class Outcome(NamedTuple):
    code: str
    group: str  # the row heading （一）…（六）
    label: str  # the row itself (equal to the group for single-row groups)
    notice_kind: str  # the 答复告知书 issued for this outcome


_G3 = "（三）不予公开"
_G4 = "（四）无法提供"
_G5 = "（五）不予处理"
_G6 = "（六）其他处理"
_PARTIAL = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"

# In table order.
OUTCOME_TABLE: list[Outcome] = [
    Outcome("disclose", "（一）予以公开", "（一）予以公开", NOTICE_REPLY_DISCLOSE),
    Outcome("partial", _PARTIAL, _PARTIAL, NOTICE_REPLY_PARTIAL),
    Outcome("refuse_1", _G3, "1.属于国家秘密", NOTICE_REPLY_REFUSE),
    Outcome("refuse_2", _G3, "2.其他法律行政法规禁止公开", NOTICE_REPLY_REFUSE),
    Outcome("refuse_3", _G3, "3.危及“三安全一稳定”", NOTICE_REPLY_REFUSE),
    Outcome("refuse_4", _G3, "4.保护第三方合法权益", NOTICE_REPLY_REFUSE),
    Outcome("refuse_5", _G3, "5.属于三类内部事务信息", NOTICE_REPLY_REFUSE),
    Outcome("refuse_6", _G3, "6.属于四类过程性信息", NOTICE_REPLY_REFUSE),
    Outcome("refuse_7", _G3, "7.属于行政执法案卷", NOTICE_REPLY_REFUSE),
    Outcome("refuse_8", _G3, "8.属于行政查询事项", NOTICE_REPLY_REFUSE),
    Outcome("unable_1", _G4, "1.本机关不掌握相关政府信息", NOTICE_REPLY_UNABLE),
    Outcome("unable_2", _G4, "2.没有现成信息需要另行制作", NOTICE_REPLY_UNABLE),
    Outcome("unable_3", _G4, "3.补正后申请内容仍不明确", NOTICE_REPLY_UNABLE),
    Outcome("not_processed_1", _G5, "1.信访举报投诉类申请", NOTICE_REPLY_NOT_PROCESSED),
    Outcome("not_processed_2", _G5, "2.重复申请", NOTICE_REPLY_NOT_PROCESSED),
    Outcome("not_processed_3", _G5, "3.要求提供公开出版物", NOTICE_REPLY_NOT_PROCESSED),
    Outcome("not_processed_4", _G5, "4.无正当理由大量反复申请", NOTICE_REPLY_NOT_PROCESSED),
    Outcome(
        "not_processed_5",
        _G5,
        "5.要求行政机关确认或重新出具已获取信息",
        NOTICE_REPLY_NOT_PROCESSED,
    ),
    Outcome(
        "other_1",
        _G6,
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        NOTICE_REPLY_OTHER,
    ),
    Outcome(
        "other_2",
        _G6,
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        NOTICE_REPLY_OTHER,
    ),
    Outcome("other_3", _G6, "3.其他", NOTICE_REPLY_OTHER),
]

# (code, group label, row label): the shape the annual report reads.
OUTCOMES: list[tuple[str, str, str]] = [(o.code, o.group, o.label) for o in OUTCOME_TABLE]


def outcome_display(group: str, label: str) -> str:
    """'不予公开·1.属于国家秘密' for sub-rows, '予以公开' for single rows."""
    group_name = group.split("）", 1)[1].split("（", 1)[0]
    return group_name if group == label else f"{group_name}·{label}"


OUTCOME_CHOICES: list[tuple[str, str]] = [
    (code, outcome_display(group, label)) for code, group, label in OUTCOMES
]

OUTCOME_NOTICE_KINDS: dict[str, str] = {o.code: o.notice_kind for o in OUTCOME_TABLE}

# Automatic outcomes the state machine records when the applicant lets a deadline lapse.
OUTCOME_CORRECTION_LAPSED = "other_1"
OUTCOME_FEE_UNPAID = "other_2"
