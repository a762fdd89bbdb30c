"""Index updates that failed (e.g. Elasticsearch down) wait here to be retried; none is dropped."""

from django.db import models


class PendingIndexUpdate(models.Model):
    ACTION_INDEX = "index"
    ACTION_DELETE = "delete"

    key = models.CharField(max_length=120, unique=True)
    model_label = models.CharField(max_length=100)
    object_id = models.CharField(max_length=40)
    action = models.CharField(
        max_length=10, choices=[(ACTION_INDEX, "索引"), (ACTION_DELETE, "删除")]
    )
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "待重试的索引更新"
        verbose_name_plural = "待重试的索引更新"
        ordering = ["created_at"]
