"""Two staff acting on one request at once: the second is told clearly that someone else was
first and keeps what they typed; never a 500, never a second answer.

Real concurrent HTTP requests from two threads, each with its own database connection. On SQLite
the data is copied to a database file first (the in-memory test database cannot show file
locking), so the production settings are exercised: WAL, busy timeout, immediate transactions.
On PostgreSQL (CI) the threads use the test database itself (row locks, select_for_update).
"""

import sqlite3
import threading
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.db import connection, connections
from django.test import Client

from disclosure import services
from disclosure.models import DisclosureRequest, RequestEvent
from tests.support.install import restore_install_data

from .factories import RequestFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _fresh_install(transactional_db):
    """Real threads need committed data, so these tests empty the tables afterwards; the groups
    and templates of a fresh install are put back before each one."""
    restore_install_data()


TYPED = {
    "A": "经检索，您申请的信息由本机关制作，现予以公开，详见附件。",
    "B": "经检索，您所申请的信息属于本机关公开范围，现提供如下。（乙的答复）",
}


@pytest.fixture
def second_office_user(django_user_model):
    user = django_user_model.objects.create_user("office2", password="pw-office-456")
    user.groups.add(Group.objects.get(name="政府信息公开办公室"))
    return user


@pytest.fixture
def pending_request() -> DisclosureRequest:
    return RequestFactory(received_on=date(2026, 11, 2))


@pytest.fixture
def shared_database(tmp_path, office_user, second_office_user, pending_request):
    """A function that gives a thread its own connection to a database both threads share."""
    if connection.vendor != "sqlite":
        yield lambda: None
        return
    path = tmp_path / "concurrent.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    settings_dict = {**connection.settings_dict, "NAME": str(path)}
    wrapper = type(connections["default"])

    def connect() -> None:
        connections["default"] = wrapper(settings_dict, "default")

    yield connect


def _reply_data(text: str) -> dict:
    return {"reply-replied_on": "2026-11-30", "reply-outcome": "disclose", "reply-reply_text": text}


def test_second_answer_gets_a_clear_message_and_keeps_the_typed_text(
    office_user, second_office_user, pending_request, shared_database, monkeypatch
):
    request = pending_request
    first_inside = threading.Event()
    original_audit = services.audit_record

    def slow_audit(**kwargs):
        # The first answer holds its transaction open a moment, so the second really overlaps.
        if kwargs.get("action") == "reply" and not first_inside.is_set():
            first_inside.set()
            threading.Event().wait(3)
        return original_audit(**kwargs)

    monkeypatch.setattr(services, "audit_record", slow_audit)
    responses: dict[str, object] = {}
    errors: list[BaseException] = []

    def act(name: str, user, wait_for: threading.Event | None) -> None:
        try:
            shared_database()
            client = Client(raise_request_exception=False)
            client.force_login(user)
            if wait_for is not None:
                assert wait_for.wait(10)
            responses[name] = client.post(
                f"/admin/disclosure/{request.pk}/action/reply/", _reply_data(TYPED[name])
            )
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections["default"].close()

    threads = [
        threading.Thread(target=act, args=("A", office_user, None)),
        threading.Thread(target=act, args=("B", second_office_user, first_inside)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert errors == []
    assert responses["A"].status_code == 302
    second = responses["B"]
    assert second.status_code == 409
    page = second.content.decode()
    assert "其他工作人员刚刚处理了该申请" in page
    assert "当前状态：已答复" in page
    assert TYPED["B"] in page  # what the second person typed is still on the screen

    stored: dict[str, object] = {}

    def read() -> None:
        shared_database()
        try:
            stored["request"] = DisclosureRequest.objects.get(pk=request.pk)
            stored["replies"] = RequestEvent.objects.filter(request=request, kind="reply").count()
        finally:
            connections["default"].close()

    reader = threading.Thread(target=read)
    reader.start()
    reader.join(30)
    assert stored["replies"] == 1
    assert stored["request"].reply_text == TYPED["A"]
    assert stored["request"].status == "replied"
