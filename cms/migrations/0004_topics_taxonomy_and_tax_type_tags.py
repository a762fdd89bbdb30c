"""主题分类 follows the gov.cn taxonomy; 税种 text becomes taggit tags (revisions included)."""

import django.db.models.deletion
import modelcluster.contrib.taggit
import modelcluster.fields
from django.db import migrations, models
from django.utils.text import slugify

from cms.taxonomy import TOPIC_CHOICES, TOPIC_RENAMES, split_tax_types


def _tag(Tag, name):
    tag = Tag.objects.filter(name=name).first()
    if tag:
        return tag
    base = slugify(name, allow_unicode=True) or "tag"
    slug, n = base, 1
    while Tag.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}_{n}"
    return Tag.objects.create(name=name, slug=slug)


def forwards(apps, schema_editor):
    Document = apps.get_model("cms", "PolicyDocumentPage")
    TaxTag = apps.get_model("cms", "PolicyTaxTag")
    Tag = apps.get_model("taggit", "Tag")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old, new in TOPIC_RENAMES.items():
        Document.objects.filter(topic=old).update(topic=new)
    for document in Document.objects.exclude(tax_types_text=""):
        for name in split_tax_types(document.tax_types_text):
            TaxTag.objects.get_or_create(content_object_id=document.pk, tag=_tag(Tag, name))
    content_type = ContentType.objects.filter(app_label="cms", model="policydocumentpage").first()
    if content_type is None:
        return
    for revision in Revision.objects.filter(content_type=content_type).iterator():
        content = revision.content
        if "tax_types" not in content and content.get("topic") not in TOPIC_RENAMES:
            continue
        names = split_tax_types(content.pop("tax_types", "") or "")
        content["tax_tag_items"] = [
            {"pk": None, "tag": _tag(Tag, name).pk, "content_object": content.get("pk")}
            for name in names
        ]
        content["topic"] = TOPIC_RENAMES.get(content.get("topic"), content.get("topic"))
        revision.content = content
        revision.save(update_fields=["content"])


def backwards(apps, schema_editor):
    Document = apps.get_model("cms", "PolicyDocumentPage")
    TaxTag = apps.get_model("cms", "PolicyTaxTag")
    for document in Document.objects.all():
        names = TaxTag.objects.filter(content_object_id=document.pk).values_list(
            "tag__name", flat=True
        )
        Document.objects.filter(pk=document.pk).update(tax_types_text="，".join(names)[:200])
    for old, new in TOPIC_RENAMES.items():
        Document.objects.filter(topic=new).update(topic=old)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_editorial_groups"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(
            model_name="policydocumentpage", old_name="tax_types", new_name="tax_types_text"
        ),
        migrations.AlterField(
            model_name="policydocumentpage",
            name="topic",
            field=models.CharField(
                choices=TOPIC_CHOICES,
                default="finance/tax",
                help_text="国务院政策文件库的主题分类；税收文件一般归入“财政、金融、审计\\税务”。",
                max_length=40,
                verbose_name="主题分类",
            ),
        ),
        migrations.CreateModel(
            name="PolicyTaxTag",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "content_object",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tax_tag_items",
                        to="cms.policydocumentpage",
                    ),
                ),
                (
                    "tag",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="%(app_label)s_%(class)s_items",
                        to="taggit.tag",
                    ),
                ),
            ],
            options={"verbose_name": "税种标签"},
        ),
        migrations.AddField(
            model_name="policydocumentpage",
            name="tax_types",
            field=modelcluster.contrib.taggit.ClusterTaggableManager(
                blank=True,
                help_text="输入税种后按回车，例如：增值税、个人所得税。",
                through="cms.PolicyTaxTag",
                to="taggit.Tag",
                verbose_name="税种",
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="policydocumentpage", name="tax_types_text"),
    ]
