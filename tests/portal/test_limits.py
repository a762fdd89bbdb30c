"""Limits for every URL: ids beyond the database's range answer 404, and an oversized body is
refused (413) before any of it is read."""

import io

import pytest
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.http import Http404

from portal.limits import serve_args_in_range

HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "url",
    [
        f"/api/policies/{HUGE}/",
        f"/disclosure/track/attachments/{HUGE}/",
        f"/annual-reports/{HUGE}/report.xlsx",
    ],
)
def test_public_urls_with_huge_ids_answer_404(client, site_tree, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        f"/admin/annual-report/{HUGE}/review/",
        f"/admin/pages/{HUGE}/edit/",
        f"/admin/pages/{HUGE}/",
        f"/admin/images/{HUGE}/",
        f"/admin/documents/edit/{HUGE}/",
        f"/admin/disclosure/{HUGE}/",
        f"/admin/security/lockouts/{HUGE}/release/",
    ],
)
def test_admin_urls_with_huge_ids_answer_404(admin_client, site_tree, url):
    assert admin_client.get(url).status_code == 404


def test_largest_bigint_is_still_looked_up():
    assert admin_id_in_range(2**63 - 1)
    assert not admin_id_in_range(2**63)


def admin_id_in_range(value: int) -> bool:
    try:
        serve_args_in_range(None, None, (lambda request: None, (value,), {}), {})
    except Http404:
        return False
    return True


def test_routable_page_routes_get_the_same_check():
    with pytest.raises(Http404):
        serve_args_in_range(None, None, (None, (), {"pk": int(HUGE)}), {})


class CountingInput(io.RawIOBase):
    """A request body that records how much of it the application read."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = min(len(buffer), self.size - self.read_bytes)
        buffer[:count] = b"\0" * count
        self.read_bytes += count
        return count


def _call(body_size: int, path: str = "/disclosure/apply/") -> tuple[str, CountingInput]:
    stream = CountingInput(body_size)
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.40",
        "CONTENT_TYPE": "multipart/form-data; boundary=xyz",
        "CONTENT_LENGTH": str(body_size),
        "wsgi.input": stream,
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    statuses = []
    # As Django's test client does: the test's database connection must survive the request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        application = get_wsgi_application()
        body = b"".join(application(environ, lambda s, h, e=None: statuses.append(s)))
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    assert "提交内容过大" in body.decode() or not statuses[0].startswith("413")
    return statuses[0], stream


def test_a_100_mb_upload_is_refused_without_reading_it(db):
    status, stream = _call(100 * 1024 * 1024)
    assert status.startswith("413")
    assert stream.read_bytes == 0


def test_a_body_within_the_limit_is_read_as_usual(db, settings):
    status, stream = _call(1024, path="/healthz")
    assert not status.startswith("413")
