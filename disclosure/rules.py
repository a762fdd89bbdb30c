"""Every statutory period and limit of 依申请公开, with the provision it comes from.

Services check against these numbers, notices and e-mails quote them, and templates receive them
through `template_numbers()`, so a change in the law is a change on one line here. Periods are in
working days (工作日, counted by `workdays.calendar`) unless the name says otherwise.

Sources: 《中华人民共和国政府信息公开条例》(2019年修订, "条例");
《政府信息公开信息处理费管理办法》(国办函〔2020〕109号, "收费办法");
《中华人民共和国行政复议法》(2023年修订); 《中华人民共和国行政诉讼法》.
Numbers marked "本机关规定" are local practice, not law, and may be changed by the office.
"""

from decimal import Decimal

from django.conf import settings

# 条例第三十三条第二款: 不能当场答复的，应当自收到申请之日起20个工作日内予以答复.
REPLY_DAYS = 20

# 条例第三十三条第二款: 需要延长答复期限的，应当经政府信息公开工作机构负责人同意并告知申请人，
# 延长的期限最长不得超过20个工作日. The law allows one extension, so a second one is refused.
MAX_EXTENSION_DAYS = 20
MAX_EXTENSIONS = 1

# 条例第三十条: 自收到申请之日起7个工作日内一次性告知申请人作出补正 … 答复期限自收到补正的申请之日
# 起计算; 申请人无正当理由逾期不补正的，视为放弃申请.
CORRECTION_NOTICE_DAYS = 7
MAX_CORRECTION_NOTICES = 1
# 条例第三十条 asks for a "合理的补正期限"; the bounds and the default are 本机关规定.
CORRECTION_PERIOD_MIN_DAYS = 1
CORRECTION_PERIOD_MAX_DAYS = 60
CORRECTION_PERIOD_DEFAULT_DAYS = 15

# 条例第三十二条 (第三方) and 第三十四条 (其他行政机关): 自收到征求意见书之日起15个工作日内提出意见;
# 条例第三十三条第三款: 征求第三方和其他机关意见所需时间不计算在答复期限内.
CONSULTATION_DAYS = 15

# 收费办法: 申请人应当自收到收费通知之日起20个工作日内缴纳费用; 逾期未缴纳的视为放弃申请.
# 条例第四十二条 allows the fee; 收费通知 to 缴费 does not count towards the reply period.
FEE_PAYMENT_DAYS = 20
# 收费办法 按件计收: 同一申请人一个自然月内累计申请10件以下（含）不收费; 11—30件每件100元;
# 31件以上以10件为一档，每增加一档每件提高100元.
FEE_FREE_REQUESTS_PER_MONTH = 10
FEE_FIRST_BAND_LAST_REQUEST = 30
FEE_FIRST_BAND_PRICE = Decimal("100")
FEE_BAND_SIZE = 10
FEE_BAND_STEP = Decimal("100")
# 收费办法 按量计收: 30页以下（含）不收费; 31—100页每页10元; 101—200页每页20元; 200页以上每页40元.
# (last page of the band or None for "and above", price per page in yuan)
FEE_VOLUME_BANDS: list[tuple[int | None, Decimal]] = [
    (30, Decimal("0")),
    (100, Decimal("10")),
    (200, Decimal("20")),
    (None, Decimal("40")),
]

# 首问责任制 (本机关规定): a transferred request is answered back to the office within these days.
ASSIGNMENT_FEEDBACK_MIN_DAYS = 1
ASSIGNMENT_FEEDBACK_MAX_DAYS = 20
ASSIGNMENT_FEEDBACK_DEFAULT_DAYS = 5

# 本机关规定: the ledger, the dashboard and the daily e-mail warn this many working days ahead.
DUE_SOON_WORKING_DAYS = 3

# 行政复议法第二十条: 自知道行政行为之日起60日内申请行政复议; 行政诉讼法第四十六条: 6个月内起诉.
# Quoted in every reply notice (calendar days and months, not working days).
APPEAL_REVIEW_DAYS = 60
APPEAL_LITIGATION_MONTHS = 6

# 条例第三十一条第三项: 申请人通过互联网渠道或者政府信息公开工作机构的传真提交政府信息公开申请的，
# 以双方确认之日为收到申请之日. An online application stays 待确认 until the office confirms it;
# 本机关规定: without a staff step it is confirmed automatically on the submission day when that is
# a working day, otherwise on the next working day.
CONFIRMATION_CHANNELS = frozenset({"online", "fax", "other_online"})
# 条例第三十一条第一项: 当面提交的，以提交之日为收到申请之日. A date typed for an in-person request
# other than the day it is registered (later than today, earlier than the record) needs a reason.
REASON_FOR_OTHER_DAY_CHANNELS = frozenset({"in_person"})

# 条例第三十一条: the date a request counts as received, by channel (keys are Channel values).
RECEIPT_BASIS = {
    "online": "在线提交，以双方确认收到申请之日为收到申请之日",
    "in_person": "当面提交，以提交之日为收到申请之日",
    "registered_post": "以挂号邮寄方式提交，以签收之日为收到申请之日",
    "letter": "以平常信函方式提交，以与申请人确认之日为收到申请之日",
    "fax": "以传真方式提交，以双方确认之日为收到申请之日",
    "other_online": "以电子邮件等互联网渠道提交，以双方确认之日为收到申请之日",
}


def pii_retention_days() -> int:
    """Days an applicant's personal data is kept after the request ends (个人信息保护法第十九条:
    the shortest time the purpose needs). Set per install by DISCLOSURE_PII_RETENTION_DAYS;
    the default (730 days, two years) lives in portal/settings/base.py."""
    return settings.DISCLOSURE_PII_RETENTION_DAYS


def template_numbers() -> dict[str, int]:
    """The numbers pages, notices and e-mails quote, under the names templates use."""
    return {
        "reply_days": REPLY_DAYS,
        "max_extension_days": MAX_EXTENSION_DAYS,
        "correction_notice_days": CORRECTION_NOTICE_DAYS,
        "consultation_days": CONSULTATION_DAYS,
        "fee_payment_days": FEE_PAYMENT_DAYS,
        "due_soon_days": DUE_SOON_WORKING_DAYS,
        "appeal_review_days": APPEAL_REVIEW_DAYS,
        "appeal_litigation_months": APPEAL_LITIGATION_MONTHS,
        "pii_retention_days": pii_retention_days(),
    }
