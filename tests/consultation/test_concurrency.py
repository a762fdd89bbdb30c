"""Many people commenting at once: every comment is stored, every receipt number is unique."""

import threading

import pytest
from django.db import connection

from consultation.models import Comment
from consultation.selectors import draft_articles
from consultation.services import comment_submit
from tests.consultation.factories import ConsultationFactory

pytestmark = pytest.mark.django_db(transaction=True)

SUBMISSIONS = 24
THREADS = 8


def test_parallel_submissions_are_all_stored_with_unique_receipts(site_tree):
    page = ConsultationFactory(notify_email="nsfws@example.gov.cn")
    keys = ["", *(a.key for a in draft_articles(page))]
    receipts: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)
    lock = threading.Lock()

    def worker(offset: int) -> None:
        try:
            start.wait()
            for n in range(offset, SUBMISSIONS, THREADS):
                comment = comment_submit(
                    consultation=page,
                    article_key=keys[n % len(keys)],
                    name=f"意见人{n}",
                    kind="individual",
                    contact=f"1380000{n:04d}",
                    text=f"并发提交的第 {n} 条意见。",
                    privacy_accepted=True,
                )
                with lock:
                    receipts.append(comment.receipt_number)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(receipts) == SUBMISSIONS
    assert len(set(receipts)) == SUBMISSIONS
    stored = Comment.objects.filter(consultation=page)
    assert stored.count() == SUBMISSIONS
    assert set(stored.values_list("receipt_number", flat=True)) == set(receipts)
    assert sorted(stored.values_list("text", flat=True)) == sorted(
        f"并发提交的第 {n} 条意见。" for n in range(SUBMISSIONS)
    )
