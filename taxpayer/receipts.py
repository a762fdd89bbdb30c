"""The 收件回执 (seed 001 一（一）: 首问责任人对不能现场办理的涉税事项应建立登记台账和收件回执),
rendered to A4 PDF by WeasyPrint in Noto CJK, the same way 依申请公开 notices are.

The receipt carries the ledger's registered content; the phone number is masked because the
file is downloaded by whoever holds the 查询码 and may be printed or forwarded.
"""

import logging

from django.template.loader import render_to_string
from django.utils import timezone

from lists.organisations import agency, organisation
from taxpayer import privacy, rules
from taxpayer.models import Matter, MatterKind
from taxpayer.services.common import cn_date


def receipt_context(matter: Matter) -> dict:
    receiving = organisation(matter.receiving_unit_id)
    host = organisation(matter.host_unit_id)
    issuing = receiving or agency()
    if matter.kind == MatterKind.FIRST_CONTACT:
        limit = f"{matter.limit_text}，办理期限{cn_date(matter.handling_due_on)}"
    else:
        limit = (
            f"受理登记后{rules.HANDOVER_DAYS}个工作日内转交纳税服务部门；承办部门收到后"
            f"{rules.HANDLING_DAYS}个工作日内办结，办结后{rules.FEEDBACK_DAYS}个工作日内反馈"
        )
        if matter.handling_due_on:
            limit += f"；本诉求办理期限{cn_date(matter.handling_due_on)}"
    handler = ""
    if host is not None:
        handler = host.name
        if matter.handler is not None:
            handler += f" {matter.handler.get_full_name() or matter.handler.get_username()}"
    rows = [
        ("编号", matter.number),
        ("类型", matter.get_kind_display()),
        ("接洽（受理）时间", f"{timezone.localtime(matter.received_at):%Y年%m月%d日 %H:%M}"),
        ("受理渠道", matter.get_channel_display()),
        ("纳税人名称（姓名）", matter.taxpayer_name),
        ("联系方式", privacy.masked(matter.phone)),
    ]
    if matter.category:
        rows.append(("诉求类别", matter.get_category_display()))
    if matter.guide_name:
        rows.append(("办税事项", matter.guide_name))
    rows += [
        ("首问事项（诉求和意见）", matter.content),
        ("受理单位", receiving.name if receiving else "纳税服务部门"),
        ("首问责任人（受理人）", matter.first_responder_name),
        ("承办人", handler or "待转办"),
        ("办理时限", limit),
        ("办理答复时间", cn_date(matter.replied_on) or "尚未答复"),
    ]
    return {
        "matter": matter,
        "rows": rows,
        "issuer": issuing.name if issuing else "",
        "issued_on": cn_date(matter.received_on),
    }


def receipt_pdf(matter: Matter) -> bytes:
    from weasyprint import HTML

    # WeasyPrint narrates every rendering step at INFO; keep the server log readable.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    html = render_to_string("taxpayer/receipt_pdf.html", receipt_context(matter))
    return HTML(string=html).write_pdf()
