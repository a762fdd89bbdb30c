"""Every period, limit and scale of 纳税服务, each with the clause it comes from.

Services compute deadlines from these numbers, templates and e-mails quote them, and tests check
them at their boundaries, so a changed rule is changed here once. Working days are counted by
`workdays.calendar` (the start day is not counted: one working day after a Wednesday receipt is
Thursday; after a Friday it is the next Monday, or the make-up Saturday when there is one).

Sources:
- seed 002: 国家税务总局六安市税务局《关于建立纳税人诉求快速响应机制的方案》;
- seed 001: 税总发〔2016〕41号 (首问责任、限时办结、预约服务、延时服务、24小时自助办税);
- 国办发〔2019〕51号《国务院办公厅关于建立政务服务“好差评”制度提高政务服务水平的意见》;
  see `RATING_*` below for what was and was not confirmed from its text.
Where the seeds say only “及时” or “适当”, the portal sets a number and says so here.
"""

import re
from datetime import time

# ---------------------------------------------------------------------------------------------
# 纳税人诉求快速响应 (seed 002)

APPEAL_CATEGORIES = [
    ("policy", "政策落实类"),
    ("enforcement", "执法规范类"),
    ("service", "纳税服务类"),
    ("it", "信息化建设类"),
    ("legal", "法律救济类"),
    ("other", "其他"),
]
"""Seed 002 三（一）: the six categories, in the seed's order."""

APPEAL_CHANNELS = [
    ("hotline_12366", "12366纳税服务热线"),
    ("platform_12366", "12366纳税服务平台"),
    ("website", "税务网站"),
    ("hotline_12345", "12345热线平台"),
    ("other", "其他渠道"),
]
"""Seed 002 三（二）: the five channels. The portal's public form is 税务网站."""

WEB_CHANNEL = "website"

MATTER_CHANNELS = [
    ("in_person", "到税务机关当面办理"),
    ("phone", "电话"),
    ("other", "其他渠道"),
]
"""Seed 001 一: 首问 applies when a taxpayer comes to the office or calls (“或通过电话等方式”)."""

HANDOVER_DAYS = 1
"""Seed 002 四（一）2: 受理登记后，应在1个工作日内，将登记内容转交本级纳税服务部门汇总."""

DISPATCH_DAYS = 1
"""Seed 002 四（一）2 says the 纳税服务部门 forwards the summary to the handling department
“及时”. The portal reads 及时 as one working day, the same as the hand-over before it."""

HANDLING_DAYS = 5
"""Seed 002 四（二）1: 在直接受理或收到纳税服务部门转交诉求和意见后5个工作日内办结."""

MAX_EXTENSION_DAYS = 10
"""Seed 002 四（二）1: 经分管局领导批准，可以适当延长，但最长不得超过10个工作日，并说明原因.
Read as: all extensions of one 诉求 together add at most 10 working days."""

JOINT_HANDLING_DAYS = 5
"""Seed 002 四（二）2: 涉及税政、征管等多个部门的，各部门应在收到后5个工作日内办结."""

MAX_JOINT_EXTENSION_DAYS = 10
"""Seed 002 四（二）2: joint handling may be extended “适当” with the 主要领导's approval and a
reason told to the taxpayer; the seed sets no maximum, the portal caps it like 四（二）1."""

FEEDBACK_DAYS = 1
"""Seed 002 四（三）: 办理完成后，由主办部门在1个工作日内将结果反馈给纳税人，
同时推送到本级纳税服务部门."""

# Who approves an extension is a permission, held by the groups of the same names
# (taxpayer/migrations/0002_groups.py): 分管局领导 (seed 002 四（二）1, seed 001 二（二）) and
# 主要领导 for joint handling (seed 002 四（二）2).

# ---------------------------------------------------------------------------------------------
# 首问责任 and 限时办结 (seed 001 一、二)

ON_THE_SPOT_LIMIT_WORDS = ("即办", "当场", "即时")
"""A guide whose limit says 即办 is not a 非即办事项 (seed 001 二): it is answered on the spot."""

_LIMIT_DAYS = re.compile(r"(\d+)\s*个?\s*工作日")


def limit_working_days(text: str) -> int | None:
    """The working days of a 办税指南 time limit as written: '10个工作日' → 10, '即办' → 0,
    '20个工作日（可延长不超过20个工作日）' → 20 (the first figure is the limit itself).
    None when the text names no working days (staff then enter the limit by hand)."""
    text = (text or "").strip()
    if not text:
        return None
    if any(word in text for word in ON_THE_SPOT_LIMIT_WORDS):
        return 0
    match = _LIMIT_DAYS.search(text)
    return int(match.group(1)) if match else None


def guide_limit(promised: str, statutory: str) -> tuple[int | None, str]:
    """Seed 001 二（一）: the published limit drives the deadline. The 承诺时限 is the shorter
    promise the office makes to taxpayers, so it wins over the 法定时限 when both are given."""
    for text in (promised, statutory):
        days = limit_working_days(text)
        if days is not None:
            return days, text.strip()
    return None, (promised or statutory or "").strip()


def max_matter_extension_days(limit_days: int) -> int:
    """Seed 001 二（二） lets the 分管领导 extend a matter before its deadline but names no
    maximum; the portal allows at most the original limit again (and at least 5 days)."""
    return max(limit_days, HANDLING_DAYS)


DUE_SOON_WORKING_DAYS = 1
"""Seed 001 二（三）: 对临近办理时限的涉税事项进行预警提醒. The seed's clocks are one to five
working days long, so a step is 临近 on its last working day and on the one before it."""

# ---------------------------------------------------------------------------------------------
# 办税预约 (seed 001 三) and 延时服务 (seed 001 四)

BOOKING_HORIZON_WORKING_DAYS = 10
"""How far ahead taxpayers may book; the seed leaves it to the office (三: 双方协商约定)."""

DEFAULT_SLOT_MINUTES = 30
DEFAULT_SLOT_CAPACITY = 3
DEFAULT_HOURS = ((time(9, 0), time(12, 0)), (time(13, 30), time(17, 0)))
"""A new 办税服务厅's defaults; each hall's own hours and capacity are set in the admin."""

CONSULTATION_MATTER = "政策咨询"
"""Seed 001 三: 预约服务内容包括涉税事项办理、税收政策咨询以及省税务机关确定的其他事项."""

OVERTIME_LEAVE_THRESHOLD_HOURS = 8
"""Seed 001 四（三）: 对提供延时服务累计超过一定时长的，应合理安排相关人员调休. The portal
flags a person for 调休 once the balance reaches one working day (8 hours)."""

# ---------------------------------------------------------------------------------------------
# 好差评 (seed 004 item 13; 国办发〔2019〕51号)

RATING_LEVELS = [
    (5, "非常满意"),
    (4, "满意"),
    (3, "基本满意"),
    (2, "不满意"),
    (1, "非常不满意"),
]
"""国办发〔2019〕51号: 评价分为“非常满意”“满意”“基本满意”“不满意”“非常不满意”五个等级."""

BAD_RATING_MAX = 2
"""The last two levels are 差评 (国办发〔2019〕51号: 后两个等级为差评); the first three
count as 好评."""

RATING_FOLLOW_UP_DAYS = 15
"""差评 回访核实 and 整改反馈 within 15 working days.

What was confirmed, and from where (stored public copies reached through the portal's reference
search): the opinion's own text (国办发〔2019〕51号, 2019-12-03) and the State Council's summary of
it require that every 差评 be 回访核实 by the unit that handled the matter (“谁办理、谁负责”):
情况清楚、诉求合理的立行立改; 情况复杂、一时难以解决的建立台账、限期整改; 缺乏法定依据的做好
解释说明; results fed back to the rater; 实名差评回访整改率 100%; 评价结果及整改情况向社会公开;
a 申诉复核 route for 误评 and 恶意差评.
What was NOT confirmed: a number of days in the national text. Local rules built on it differ
(四川 广安: 15个工作日内整改到位; 山东 德州: 5个工作日内整改反馈). The portal uses 15 working days
and lets 情况复杂 cases be extended with approval (below); change it here if the province sets
another figure."""

RATING_MAX_EXTENSION_DAYS = 15
"""情况复杂、一时难以解决的 限期整改: an approved extension of at most another 15 working days
(the portal's figure, by analogy with the period itself; approved by the 分管局领导)."""

RATING_FINDINGS = [
    ("confirmed", "情况属实，立行立改"),
    ("complex", "情况属实但较复杂，建立台账限期整改"),
    ("explained", "缺乏法定依据，已解释说明"),
    ("unfounded", "经核实不属实（误评）"),
]
"""The outcomes 国办发〔2019〕51号 names for a verified 差评."""

PII_RETENTION_DAYS_DEFAULT = 730
"""Personal data of closed records is erased after this many days (settings may change it),
the same default as 依申请公开 so one privacy notice fits the whole portal."""


def is_bad_rating(level: int) -> bool:
    return level <= BAD_RATING_MAX


def rating_label(level: int) -> str:
    return dict(RATING_LEVELS)[level]
