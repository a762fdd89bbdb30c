from import_export.fields import Field

from lists.models import GuideFAQ, GuideMaterial, GuideStep, PowerItem, ServiceGuide, Unit
from lists.models.guides import FORM_CHOICES, GUIDE_TYPE_CHOICES
from lists.resources.base import ListResource, lines, split_parts
from lists.services import guide_save
from portal.spreadsheets.imports import delete_field
from portal.spreadsheets.widgets import (
    ChoiceWidget,
    NamedForeignKeyWidget,
    TextWidget,
    YesNoWidget,
    cell_text,
)

FORM_LABELS = dict(FORM_CHOICES)
FORM_CODES = {label: code for code, label in FORM_CHOICES}
REQUIRED_WORDS = {"必要": True, "是": True, "非必要": False, "否": False, "可选": False}


def parse_materials(text: str) -> tuple[list[dict], str]:
    """'名称｜原件｜2｜必要' per line; form, copies and 必要 may be left off (原件, 1, 必要)."""
    materials = []
    for number, line in enumerate(lines(text), start=1):
        parts = split_parts(line) + ["", "", ""]
        name, form, copies, required = parts[0], parts[1], parts[2], parts[3]
        if not name:
            return [], f"申请材料第{number}行缺少材料名称"
        form = form or "原件"
        if form not in FORM_CODES:
            return [], f"申请材料第{number}行材料形式“{form}”无效（可选：{'、'.join(FORM_CODES)}）"
        copies = copies or "1"
        if not copies.isdigit() or int(copies) < 1:
            return [], f"申请材料第{number}行份数“{copies}”应为正整数"
        required = required or "必要"
        if required not in REQUIRED_WORDS:
            return [], f"申请材料第{number}行“{required}”无效（应为“必要”或“非必要”）"
        materials.append(
            {
                "name": name,
                "form": FORM_CODES[form],
                "copies": int(copies),
                "required": REQUIRED_WORDS[required],
            }
        )
    return materials, ""


def parse_pairs(text: str, what: str, first: str) -> tuple[list[tuple[str, str]], str]:
    pairs = []
    for number, line in enumerate(lines(text), start=1):
        head, _, rest = line.replace("|", "｜").partition("｜")
        if not head.strip():
            return [], f"{what}第{number}行缺少{first}"
        pairs.append((head.strip(), rest.strip()))
    return pairs, ""


def render_materials(materials) -> str:
    return "\n".join(
        "｜".join(
            [
                m["name"],
                FORM_LABELS[m["form"]],
                str(m["copies"]),
                "必要" if m["required"] else "非必要",
            ]
        )
        for m in materials
    )


class ServiceGuideResource(ListResource):
    """办税指南: one row per guide; 申请材料, 办理流程 and 常见问题 hold one entry per line,
    parts separated by ｜."""

    required_columns = ["指南编号", "事项名称", "事项类型", "设定依据"]
    key_columns = ["指南编号"]
    published_filter = {"live": True}

    code = Field(attribute="code", column_name="指南编号", widget=TextWidget())
    name = Field(attribute="name", column_name="事项名称", widget=TextWidget())
    guide_type = Field(
        attribute="guide_type",
        column_name="事项类型",
        widget=ChoiceWidget(GUIDE_TYPE_CHOICES, "事项类型"),
    )
    power_item = Field(
        attribute="power_item",
        column_name="权责清单事项编码",
        widget=NamedForeignKeyWidget(PowerItem, "code", "权责清单事项编码"),
    )
    handling_unit = Field(
        attribute="handling_unit",
        column_name="办理机构",
        widget=NamedForeignKeyWidget(Unit, "name", "办理机构"),
    )
    legal_basis = Field(attribute="legal_basis", column_name="设定依据", widget=TextWidget())
    conditions = Field(attribute="conditions", column_name="受理条件", widget=TextWidget())
    materials = Field(column_name="申请材料", readonly=True)
    steps = Field(column_name="办理流程", readonly=True)
    online = Field(attribute="online", column_name="线上办理", widget=YesNoWidget())
    offline = Field(attribute="offline", column_name="线下办理", widget=YesNoWidget())
    contactless = Field(attribute="contactless", column_name="非接触式办理", widget=YesNoWidget())
    location = Field(attribute="location", column_name="办理地点", widget=TextWidget())
    hours = Field(attribute="hours", column_name="办理时间", widget=TextWidget())
    statutory_limit = Field(
        attribute="statutory_limit", column_name="法定时限", widget=TextWidget()
    )
    promised_limit = Field(attribute="promised_limit", column_name="承诺时限", widget=TextWidget())
    fees = Field(attribute="fees", column_name="收费标准", widget=TextWidget())
    consultation_phone = Field(
        attribute="consultation_phone", column_name="咨询电话", widget=TextWidget()
    )
    faqs = Field(column_name="常见问题", readonly=True)
    delete = delete_field()

    class Meta:
        model = ServiceGuide
        import_id_fields = ["code"]
        fields = export_order = (
            "code",
            "name",
            "guide_type",
            "power_item",
            "handling_unit",
            "legal_basis",
            "conditions",
            "materials",
            "steps",
            "online",
            "offline",
            "contactless",
            "location",
            "hours",
            "statutory_limit",
            "promised_limit",
            "fees",
            "consultation_phone",
            "faqs",
            "delete",
        )
        use_transactions = True
        clean_model_instances = True
        skip_html_diff = True

    def get_queryset(self):
        return ServiceGuide.objects.select_related("power_item", "handling_unit").order_by("code")

    # Pending children (set by parse_related) win over the database, so the preview diff and
    # skip_row compare the file's values.
    def _materials(self, guide) -> list[dict]:
        if hasattr(guide, "_pending_materials"):
            return guide._pending_materials
        if guide.pk is None:
            return []
        return list(
            guide.materials.order_by("sort_order").values("name", "form", "copies", "required")
        )

    def _pairs(self, guide, attribute: str, relation: str, a: str, b: str) -> list:
        pending = getattr(guide, f"_pending_{attribute}", None)
        if pending is not None:
            return pending
        if guide.pk is None:
            return []
        return list(getattr(guide, relation).order_by("sort_order").values_list(a, b))

    def dehydrate_materials(self, guide) -> str:
        return render_materials(self._materials(guide))

    def dehydrate_steps(self, guide) -> str:
        steps = self._pairs(guide, "steps", "steps", "title", "description")
        return "\n".join(f"{t}｜{d}" if d else t for t, d in steps)

    def dehydrate_faqs(self, guide) -> str:
        faqs = self._pairs(guide, "faqs", "faqs", "question", "answer")
        return "\n".join(f"{q}｜{a}" for q, a in faqs)

    def parse_related(self, instance, row) -> dict[str, str]:
        errors = {}
        if "申请材料" in row:
            materials, error = parse_materials(cell_text(row["申请材料"]))
            if error:
                errors["materials"] = error
            else:
                instance._pending_materials = materials
        if "办理流程" in row:
            steps, error = parse_pairs(cell_text(row["办理流程"]), "办理流程", "环节名称")
            if error:
                errors["steps"] = error
            else:
                instance._pending_steps = steps
        if "常见问题" in row:
            faqs, error = parse_pairs(cell_text(row["常见问题"]), "常见问题", "问题")
            if error:
                errors["faqs"] = error
            elif any(not answer for _, answer in faqs):
                errors["faqs"] = "常见问题每行应为“问题｜解答”"
            else:
                instance._pending_faqs = faqs
        return errors

    def save_instance(self, instance, is_create, row, **kwargs) -> None:
        """The file's child rows are set on the guide in memory, so they travel in its draft
        revision; `guide_save` submits it to review (a live guide stays as published)."""
        guide = instance
        if hasattr(guide, "_pending_materials"):
            guide.materials = [
                GuideMaterial(sort_order=i, **m) for i, m in enumerate(guide._pending_materials)
            ]
        if hasattr(guide, "_pending_steps"):
            guide.steps = [
                GuideStep(sort_order=i, title=t, description=d)
                for i, (t, d) in enumerate(guide._pending_steps)
            ]
        if hasattr(guide, "_pending_faqs"):
            guide.faqs = [
                GuideFAQ(sort_order=i, question=q, answer=a)
                for i, (q, a) in enumerate(guide._pending_faqs)
            ]
        guide_save(guide=guide, user=kwargs.get("user"))
