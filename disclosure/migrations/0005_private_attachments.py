"""Applicants' attachments and reply files leave the public media directory.

Each file stored under MEDIA_ROOT/disclosure/ moves to DISCLOSURE_PRIVATE_ROOT under a random
name; the applicant's original file name is kept in `attachment_name` for the download, and the
public copy is deleted. Rows whose file is already private (or missing) are left as they are, so
the migration can run again after a partial failure.
"""

import os

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import migrations, models

import disclosure.storage

OLD_PREFIX = "disclosure/"


def _move(name: str) -> str | None:
    """Copy a public file into private storage; the new name, or None when nothing to move."""
    if not name.startswith(OLD_PREFIX) or not default_storage.exists(name):
        return None
    private = disclosure.storage.private_storage()
    target = private.generate_filename(name.removeprefix(OLD_PREFIX))
    with default_storage.open(name, "rb") as handle:
        stored = private.save(target, File(handle, name=os.path.basename(target)))
    return stored


def move_to_private(apps, schema_editor):
    DisclosureRequest = apps.get_model("disclosure", "DisclosureRequest")
    ReplyAttachment = apps.get_model("disclosure", "ReplyAttachment")
    moved = []
    for request in DisclosureRequest.objects.exclude(attachment=""):
        old = request.attachment.name
        new = _move(old)
        if new is None:
            continue
        DisclosureRequest.objects.filter(pk=request.pk).update(
            attachment=new, attachment_name=os.path.basename(old)[:200]
        )
        moved.append(old)
    for attachment in ReplyAttachment.objects.all():
        old = attachment.file.name
        new = _move(old)
        if new is None:
            continue
        ReplyAttachment.objects.filter(pk=attachment.pk).update(file=new)
        moved.append(old)
    # Public copies go only once every row points at its private copy.
    for old in moved:
        default_storage.delete(old)


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0004_office_maintains_unit_members"),
    ]

    operations = [
        migrations.AddField(
            model_name="disclosurerequest",
            name="attachment_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="申请附件原文件名"),
        ),
        migrations.AlterField(
            model_name="disclosurerequest",
            name="attachment",
            field=models.FileField(
                blank=True,
                max_length=255,
                storage=disclosure.storage.private_storage,
                upload_to="requests/%Y/",
                verbose_name="申请附件",
            ),
        ),
        migrations.AlterField(
            model_name="replyattachment",
            name="file",
            field=models.FileField(
                max_length=255,
                storage=disclosure.storage.private_storage,
                upload_to="replies/%Y/",
                verbose_name="附件",
            ),
        ),
        migrations.RunPython(move_to_private, migrations.RunPython.noop),
    ]
