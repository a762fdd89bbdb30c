"""The public 诉求 pages: the form (税务网站 channel), the receipt with its 查询码 shown once, the
收件回执 PDF, tracking with throttled failures; bad input changes nothing; a mail outage loses
nothing."""

from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from portal.models import OutboxMessage, OutboxStatus
from taxpayer.models import Matter, MatterStatus
from taxpayer.services import matters as s

pytestmark = pytest.mark.django_db

VALID = {
    "taxpayer_name": "某某商贸有限公司",
    "taxpayer_id": "91340100MA2N000000",
    "phone": "138 0013 8000",
    "email": "shop@example.com",
    "category": "service",
    "content": "办税服务厅取号等候时间过长，建议增加窗口。",
    "consent": "on",
}


def test_form_offers_the_seed_categories_in_order(client, units):
    html = client.get("/taxpayer/appeal/").content.decode()
    positions = [
        html.index(label)
        for label in [
            "政策落实类",
            "执法规范类",
            "纳税服务类",
            "信息化建设类",
            "法律救济类",
            "其他",
        ]
    ]
    assert positions == sorted(positions)
    assert "个人信息处理告知" in html and "5个工作日内办结" in html


def test_filing_shows_the_code_once_and_tracking_opens_the_matter(client, clock, units):
    clock.set(2026, 11, 20, 10)
    response = client.post("/taxpayer/appeal/", VALID)
    matter = Matter.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/taxpayer/appeal/receipt/{matter.number}/"
    assert (matter.channel, matter.status) == ("website", MatterStatus.POOLED)
    assert matter.phone == "13800138000"
    first = client.get(response["Location"]).content.decode()
    code = first.split('id="tracking-code"><strong>')[1].split("<")[0]
    assert code not in client.get(response["Location"]).content.decode()
    tracked = client.post("/taxpayer/track/", {"number": matter.number, "code": code.lower()})
    assert tracked.status_code == 302 and tracked["Location"] == "/taxpayer/track/status/"
    status = client.get("/taxpayer/track/status/").content.decode()
    assert "纳税服务部门已汇总" in status and "转交承办部门办理" in status
    assert "2026年11月23日" in status


def test_receipt_pdf_carries_the_registered_content(client, clock, units):
    clock.set(2026, 11, 20, 10)
    client.post("/taxpayer/appeal/", VALID)
    matter = Matter.objects.get()
    response = client.get(f"/taxpayer/receipt/{matter.number}.pdf")
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(BytesIO(response.content)).pages
    text = "".join(page.extract_text() for page in pages).replace("\n", "")
    for expected in [
        "收件回执",
        matter.number,
        "某某商贸有限公司",
        "138****8000",
        "纳税服务类",
        "办税服务厅取号等候时间过长",
        "纳税服务科",
        "税务网站（网上登记）",
        "待转办",
    ]:
        assert expected in text, expected
    assert "13800138000" not in text.replace(" ", "")


def test_receipt_and_status_need_the_code(client, clock, units):
    clock.set(2026, 11, 20, 10)
    client.post("/taxpayer/appeal/", VALID)
    number = Matter.objects.get().number
    stranger = client.__class__()
    assert stranger.get(f"/taxpayer/receipt/{number}.pdf").status_code == 404
    assert stranger.get("/taxpayer/track/status/")["Location"] == "/taxpayer/track/"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "110", "请填写有效的手机号码"),
        ("phone", "", "请填写联系电话"),
        ("category", "", "请选择诉求类别"),
        ("category", "tax", "请从列表中选择诉求类别"),
        ("content", "", "请填写诉求和意见"),
        ("taxpayer_id", "123", "纳税人识别号应为"),
        ("consent", "", "请阅读并同意个人信息处理告知后再提交"),
        ("email", "shop@", "电子邮箱"),
    ],
)
def test_bad_input_gets_a_chinese_message_and_stores_nothing(client, units, field, value, message):
    data = dict(VALID, **{field: value})
    response = client.post("/taxpayer/appeal/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and "提交未成功" in html
    assert not Matter.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_the_same_form_submitted_twice_files_one_matter(client, units):
    token = "4f0c1a3e-7c59-4d0e-9a7a-9b0d1e2f3a4b"
    client.post("/taxpayer/appeal/", dict(VALID, submission_token=token))
    again = client.post("/taxpayer/appeal/", dict(VALID, submission_token=token))
    assert again.status_code == 302
    assert Matter.objects.count() == 1


def test_honeypot_refuses_bots(client, units):
    response = client.post("/taxpayer/appeal/", dict(VALID, website="http://spam"))
    assert "提交未通过校验" in response.content.decode()
    assert not Matter.objects.exists()


def test_a_mail_outage_loses_nothing(
    client, units, failing_mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/taxpayer/appeal/", VALID)
    assert response.status_code == 302
    matter = Matter.objects.get()
    message = OutboxMessage.objects.get(reference=matter.number)
    assert message.status == OutboxStatus.FAILED
    assert "查询码" in message.body
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    message.next_attempt_at = None
    message.save()
    call_command("send_queued_mail", stdout=StringIO())
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert "（已隐去）" in message.body


def test_wrong_codes_get_one_message_and_are_throttled(client, units):
    matter = s.matter_register(
        kind="appeal",
        channel="website",
        taxpayer_name="甲",
        phone="13800138000",
        category="other",
        content="问题",
    )
    for _ in range(5):
        response = client.post("/taxpayer/track/", {"number": matter.number, "code": "AAAA-BBBB"})
        assert "编号或查询码不正确" in response.content.decode()
    blocked = client.post(
        "/taxpayer/track/", {"number": matter.number, "code": matter.tracking_code}
    )
    assert blocked.status_code == 429


def test_extension_reason_is_shown_to_the_taxpayer(client, clock, units, service_user, deputy):
    clock.set(2026, 11, 20, 10)
    matter = s.matter_register(
        kind="appeal",
        channel="website",
        taxpayer_name="甲",
        phone="13800138000",
        category="it",
        content="电子税务局申报页面经常无法打开。",
    )
    s.matter_assign(matter=matter, host_unit_id=units["levy"].pk, actor=service_user)
    s.matter_extend(
        matter=matter,
        days=3,
        reason="需省局系统运维团队排查",
        approved_by=deputy,
        actor=service_user,
    )
    client.post("/taxpayer/track/", {"number": matter.number, "code": matter.tracking_code})
    html = client.get("/taxpayer/track/status/").content.decode()
    assert "需省局系统运维团队排查" in html
    assert "已延长3个工作日" in html


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc````\x00\x00\x00\x05\x00\x01\xa5\xf6E@\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def test_attachments_are_checked_by_content_kept_private_and_downloads_audited(
    client, units, service_user, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("截图.png", b"MZ\x90\x00 not an image", content_type="image/png")
    refused = client.post("/taxpayer/appeal/", dict(VALID, attachment=fake))
    assert "附件内容与文件类型不符" in refused.content.decode()
    assert not Matter.objects.exists()
    real = SimpleUploadedFile("报错截图.png", PNG, content_type="image/png")
    client.post("/taxpayer/appeal/", dict(VALID, attachment=real))
    matter = Matter.objects.get()
    assert matter.attachment_name == "报错截图.png"
    assert matter.attachment.path.startswith(settings.TAXPAYER_PRIVATE_ROOT)
    assert "截图" not in matter.attachment.name  # stored under a random name
    staff = client.__class__()
    staff.force_login(service_user)
    download = staff.get(f"/admin/taxpayer/{matter.pk}/attachment/")
    assert download["Content-Security-Policy"] == "default-src 'none'"
    served = b"".join(download.streaming_content)
    # Uploads are re-encoded (portal/uploads.py strips anything hidden in an image): the staff get
    # the same picture back, not necessarily the same bytes.
    from io import BytesIO

    from PIL import Image

    assert Image.open(BytesIO(served)).size == Image.open(BytesIO(PNG)).size
    from taxpayer.models import AuditLog

    assert AuditLog.objects.filter(action="attachment", record_number=matter.number).exists()


def test_a_database_refusing_writes_keeps_the_typed_appeal(client, units):
    from tests.support.outage import read_only_database

    client.get("/taxpayer/appeal/")  # opened while all was well
    with read_only_database():
        response = client.post("/taxpayer/appeal/", VALID)
    assert response.status_code == 503
    page = response.content.decode()
    assert "系统暂时无法保存您的提交" in page
    assert VALID["content"] in page
    assert f'value="{VALID["taxpayer_name"]}"' in page
    assert not Matter.objects.exists()
