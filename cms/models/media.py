"""Custom image and document models from day one, so later fields need no model swap."""

from django.db import models
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage, AbstractRendition


class PortalImage(AbstractImage):
    alt_text = models.CharField(
        "替代文字", max_length=255, help_text="供读屏软件朗读的图片说明（必填）"
    )

    admin_form_fields = (
        "title",
        "alt_text",
        "file",
        "collection",
        "tags",
        "focal_point_x",
        "focal_point_y",
        "focal_point_width",
        "focal_point_height",
    )

    @property
    def default_alt_text(self) -> str:
        return self.alt_text or self.title


class PortalRendition(AbstractRendition):
    image = models.ForeignKey(PortalImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class PortalDocument(AbstractDocument):
    description = models.CharField("说明", max_length=255, blank=True)

    admin_form_fields = ("title", "description", "file", "collection", "tags")
