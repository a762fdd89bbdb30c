"""django-import-export resources for the policy library: one definition of the spreadsheet
columns, used by `manage.py import_policies` and by the admin's XLSX/CSV export.

Columns: title, doc_number, authorities (names separated by 、 or ;), written_date, publish_date,
effective_date (2020-07-28, 2020年7月28日 …; exported as 2020-07-28), level, validity, topics
(label or code), body (plain text or HTML), interpretation_of (发文字号 of the documents a row
interprets; such rows are 政策解读). Cells are read by the portal's shared widgets.

Rows only build unsaved pages here; `policies.services.importing` validates the whole file with
these resources through the portal's import runner and then writes everything at once with the
bulk publisher, so one bad row imports nothing.
"""

from django.core.exceptions import ValidationError
from import_export import resources, widgets
from import_export.fields import Field

from cms.services.authoring import new_slug
from cms.services.body_format import body_from_source, body_to_html
from policies.doc_numbers import DocNumberError, normalize_doc_number
from policies.models import (
    LEVEL_CHOICES,
    TOPIC_CHOICES,
    VALIDITY_CHOICES,
    InterpretationPage,
    IssuingAuthority,
    PolicyDocumentPage,
)
from policies.taxonomy import DEFAULT_TOPIC
from portal.spreadsheets.widgets import (
    ChoiceWidget,
    DateWidget,
    NameListWidget,
    TextWidget,
    cell_text,
)

COLUMNS = (
    "title",
    "doc_number",
    "authorities",
    "written_date",
    "publish_date",
    "effective_date",
    "level",
    "validity",
    "topics",
    "body",
    "interpretation_of",
)


class DocNumberWidget(widgets.Widget):
    """Any typed variant of a 发文字号 becomes its canonical form; empty is allowed (laws)."""

    def clean(self, value, row=None, **kwargs) -> str:
        number = cell_text(value)
        if not number:
            return ""
        try:
            return normalize_doc_number(number)
        except DocNumberError as error:
            raise ValueError(str(error)) from error

    def render(self, value, obj=None, **kwargs) -> str:
        return cell_text(value)


class BodyWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs) -> list[dict]:
        return body_from_source(cell_text(value))

    def render(self, value, obj=None, **kwargs) -> str:
        return body_to_html(value)


class _PageRowResource(resources.ModelResource):
    """Rows become unsaved pages, kept in `pending` for the bulk writer."""

    title = Field(
        attribute="title",
        column_name="title",
        widget=TextWidget(required="标题（title）", max_length=255),
    )
    body = Field(attribute="body", column_name="body", widget=BodyWidget())

    slug_prefix = "page"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.pending: list = []

    def init_instance(self, row=None):
        return self._meta.model(slug=new_slug(self.slug_prefix))

    def save_instance(self, instance, is_create, row, **kwargs) -> None:
        self.pending.append(instance)

    def save_m2m(self, instance, row, **kwargs) -> None:
        """Many-to-many values are set in memory by `import_instance` (ParentalManyToMany)."""


class PolicyDocumentResource(_PageRowResource):
    doc_number = Field(attribute="doc_number", column_name="doc_number", widget=DocNumberWidget())
    authorities = Field(
        attribute="authorities", column_name="authorities", widget=NameListWidget(), readonly=True
    )
    written_date = Field(attribute="written_date", column_name="written_date", widget=DateWidget())
    publish_date = Field(attribute="publish_date", column_name="publish_date", widget=DateWidget())
    effective_date = Field(
        attribute="effective_date", column_name="effective_date", widget=DateWidget()
    )
    level = Field(
        attribute="level",
        column_name="level",
        widget=ChoiceWidget(LEVEL_CHOICES, "文种/层级", default="other"),
    )
    validity = Field(
        attribute="validity",
        column_name="validity",
        widget=ChoiceWidget(VALIDITY_CHOICES, "有效性", default="valid"),
    )
    topics = Field(
        attribute="topic",
        column_name="topics",
        widget=ChoiceWidget(TOPIC_CHOICES, "主题分类", default=DEFAULT_TOPIC),
    )
    interpretation_of = Field(column_name="interpretation_of", readonly=True)

    slug_prefix = "policy"

    class Meta:
        model = PolicyDocumentPage
        fields = COLUMNS
        export_order = COLUMNS
        import_id_fields: list[str] = []
        force_init_instance = True
        skip_diff = True
        clean_model_instances = False
        use_transactions = False

    def __init__(
        self,
        *,
        authorities: dict[str, IssuingAuthority] | None = None,
        taken_numbers: set[str] | None = None,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.authorities = authorities if authorities is not None else {}
        self.taken_numbers = taken_numbers if taken_numbers is not None else set()
        self.file_numbers: dict[str, PolicyDocumentPage] = {}

    def import_instance(self, instance, row, **kwargs) -> None:
        errors: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        names = self.fields["authorities"].widget.clean(row.get("authorities"))
        instance.authorities = [self._authority(name) for name in names]
        number = instance.doc_number if "doc_number" not in errors else ""
        if number:
            if number in self.file_numbers:
                errors["doc_number"] = [f"发文字号 {number} 在文件中重复"]
            elif number in self.taken_numbers:
                errors["doc_number"] = [f"发文字号 {number} 已存在于政策库"]
            self.file_numbers.setdefault(number, instance)
        if errors:
            raise ValidationError(errors)

    def _authority(self, name: str) -> IssuingAuthority:
        """Known authorities by name; a new name becomes an unsaved one, saved only on import."""
        if name not in self.authorities:
            self.authorities[name] = IssuingAuthority(name=name[:100])
        return self.authorities[name]

    def dehydrate_interpretation_of(self, page) -> str:
        return ""


class InterpretationResource(_PageRowResource):
    """Rows with interpretation_of: a 文字解读 of the named documents, published with them."""

    interpretation_of = Field(
        attribute="documents",
        column_name="interpretation_of",
        widget=NameListWidget(attribute="doc_number"),
        readonly=True,
    )

    slug_prefix = "interpretation"

    class Meta:
        model = InterpretationPage
        fields = ("title", "body", "interpretation_of")
        import_id_fields: list[str] = []
        force_init_instance = True
        skip_diff = True
        clean_model_instances = False
        use_transactions = False

    def __init__(self, *, file_documents: PolicyDocumentResource | None = None, **kwargs):
        super().__init__(**kwargs)
        self.file_documents = file_documents
        self.documents: dict[str, PolicyDocumentPage] = {}

    def before_import(self, dataset, **kwargs) -> None:
        """The documents the rows name, by number: from the library (live first), else from the
        documents of the same file, which the runner has read before these rows."""
        wanted = set()
        for cell in dataset["interpretation_of"]:
            for raw in self.fields["interpretation_of"].widget.clean(cell):
                try:
                    wanted.add(normalize_doc_number(raw))
                except DocNumberError:
                    continue
        found: dict[str, PolicyDocumentPage] = {}
        library = PolicyDocumentPage.objects.filter(doc_number__in=wanted).order_by("-live", "pk")
        for page in library:
            found.setdefault(page.doc_number, page)
        in_file = self.file_documents.file_numbers if self.file_documents else {}
        self.documents = found | in_file

    def init_instance(self, row=None):
        return InterpretationPage(
            slug=new_slug(self.slug_prefix), kind="text", approved_for_release=True
        )

    def import_instance(self, instance, row, **kwargs) -> None:
        errors: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        linked, problems = [], []
        for raw in self.fields["interpretation_of"].widget.clean(row.get("interpretation_of")):
            try:
                number = normalize_doc_number(raw)
            except DocNumberError as error:
                problems.append(f"interpretation_of：{error}")
                continue
            document = self.documents.get(number)
            if document is None:
                problems.append(f"interpretation_of 所指的 {number} 不在政策库中，也不在本文件中")
            else:
                linked.append(document)
        instance.documents = linked
        if problems:
            errors["documents"] = problems
        if errors:
            raise ValidationError(errors)
