"""Load benchmark (issue 13.16): 200 concurrent readers plus 5 applications per second.

Builds a fresh SQLite database in a temporary directory (site tree plus --documents generated
policy documents imported through `manage.py import_policies`), collects static files and starts
gunicorn with production settings and `gunicorn.conf.py` (two workers, page cache on). Then, for
--duration seconds, --readers concurrent anonymous readers fetch public pages (home, the policy
list, policy documents, the 依申请公开 form) one after another, while a steady --rate of 依申请公开
applications per second is filed the way a browser does it (GET the form for the CSRF cookie,
POST, expect the redirect to the receipt). Applicants come through the reverse proxy from
different addresses (X-Forwarded-For with PORTAL_TRUSTED_PROXIES=127.0.0.1), as in production,
so the per-address rate limit applies per applicant. The captcha is switched off.

Prints p50/p95/p99 latency and errors (non-2xx readers, submissions that did not redirect,
connection failures) for readers and submissions. Not a timed test; do not run it on a busy
machine (the load generator shares the CPUs with the server).

    .venv/bin/python bench/load.py [--duration 30] [--readers 200] [--rate 5] [--documents 500]
"""

import argparse
import asyncio
import itertools
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from pages import _free_port, _wait_until_up  # noqa: E402 - bench/ is put on the path above

URLS_SNIPPET = """
import django, json; django.setup()
from policies.models import PolicyDocumentPage, PolicyIndexPage
documents = PolicyDocumentPage.objects.live().order_by("path")[:100]
print(json.dumps({"list": PolicyIndexPage.objects.get().url,
                  "documents": [document.url for document in documents]}))
"""
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CSRF_COOKIE = re.compile(r"csrftoken=([^;]+)")
APPLICATION = {
    "applicant_kind": "natural_person",
    "applicant_name": "压力测试",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "phone": "13800138000",
    "email": "",
    "address": "北京市西城区某某街道1号",
    "postal_code": "100032",
    "description": "压力测试：请公开本局2025年行政事业性收费项目清单",
    "doc_number": "",
    "info_form": "electronic",
    "delivery": "pickup",
    "consent": "on",
}


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class Tally:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.errors: dict[str, int] = {}
        self.cache: dict[str, int] = {}

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1

    def line(self, name: str) -> str:
        ms = [value * 1000 for value in self.latencies]
        failures = sum(self.errors.values())
        detail = f" {self.errors}" if self.errors else ""
        if self.cache:
            detail += f"  page cache {self.cache}"
        return (
            f"{name:12} {len(ms):7d} requests  p50 {_percentile(ms, 0.50):7.1f} ms  "
            f"p95 {_percentile(ms, 0.95):7.1f} ms  p99 {_percentile(ms, 0.99):7.1f} ms  "
            f"errors {failures}{detail}"
        )


async def _get(port: int, path: str) -> tuple[int, dict[str, str]]:
    """One GET the way a browser asks for a page (gzip accepted), over a fresh connection.

    gunicorn's sync workers close every connection after the response, so there is no keep-alive
    to reuse. A bare asyncio exchange costs the load generator a few tens of microseconds where
    httpx cost about a millisecond: with httpx the generator saturated its CPU at ~60 requests/s
    and the figures measured the client, not the portal.
    """
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html\r\n"
            "Accept-Encoding: gzip\r\nConnection: close\r\n\r\n".encode()
        )
        head = await reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            await reader.readexactly(int(headers["content-length"]))
        else:
            await reader.read()  # the body, until the server closes
        # Close at once, as a reverse proxy does: gunicorn's sync worker waits for the peer's FIN
        # before it takes the next connection, so a lazy close here would be counted as the
        # server's time.
        writer.get_extra_info("socket").shutdown(socket.SHUT_RDWR)
    finally:
        writer.close()
    return int(status_line.split()[1]), headers


async def _reader(port: int, paths: list[str], until: float, tally: Tally):
    while time.monotonic() < until:
        path = random.choice(paths)
        started = time.monotonic()
        try:
            status, headers = await asyncio.wait_for(_get(port, path), timeout=60)
        except (OSError, asyncio.IncompleteReadError, TimeoutError) as error:
            tally.error(error.__class__.__name__)
            continue
        tally.latencies.append(time.monotonic() - started)
        state = headers.get("x-page-cache", "uncached")
        tally.cache[state] = tally.cache.get(state, 0) + 1
        if status != 200:
            tally.error(f"HTTP {status}")


async def _submit(base: str, address: str, tally: Tally) -> None:
    """One applicant: GET the form, POST it. The proxy says the browser spoke HTTPS, so the
    (Secure) CSRF cookie is carried by hand and the Referer is the https form address."""
    proxy = {"X-Forwarded-For": address, "X-Forwarded-Proto": "https"}
    secure_form = base.replace("http://", "https://") + "/disclosure/apply/"
    started = time.monotonic()
    try:
        async with httpx.AsyncClient(base_url=base, timeout=60) as client:
            form = await client.get("/disclosure/apply/", headers=proxy)
            token = CSRF_FIELD.search(form.text)
            cookie = CSRF_COOKIE.search(form.headers.get("set-cookie", ""))
            if form.status_code != 200 or token is None or cookie is None:
                tally.error(f"form HTTP {form.status_code}")
                return
            response = await client.post(
                "/disclosure/apply/",
                data={**APPLICATION, "csrfmiddlewaretoken": token.group(1)},
                headers={**proxy, "Referer": secure_form, "Cookie": f"csrftoken={cookie[1]}"},
            )
    except httpx.HTTPError as error:
        tally.error(error.__class__.__name__)
        return
    tally.latencies.append(time.monotonic() - started)
    if response.status_code != 302:
        tally.error(f"HTTP {response.status_code}")


async def _run(base: str, paths: list[str], args) -> tuple[Tally, Tally]:
    readers, submissions = Tally(), Tally()
    port = int(base.rsplit(":", 1)[1])
    # A running portal serves its public pages from a warm cache; each page is rendered once
    # here, as the first visitor after a publish would, so the figures are of the steady state.
    for path in dict.fromkeys(paths):
        await _get(port, path)
    until = time.monotonic() + args.duration
    addresses = (f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}" for n in itertools.count(1))
    tasks = [asyncio.create_task(_reader(port, paths, until, readers)) for _ in range(args.readers)]
    pending = []
    next_at = time.monotonic()
    while next_at < until:  # a steady rate by the clock, however late the loop wakes
        pending.append(asyncio.create_task(_submit(base, next(addresses), submissions)))
        next_at += 1 / args.rate
        await asyncio.sleep(max(0.0, next_at - time.monotonic()))
    await asyncio.gather(*tasks, *pending)
    return readers, submissions


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=30, help="seconds under load")
    parser.add_argument("--readers", type=int, default=200, help="concurrent readers")
    parser.add_argument("--rate", type=float, default=5, help="applications per second")
    parser.add_argument("--documents", type=int, default=500)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="bench-only-secret-key-not-for-production-use",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PII_ENCRYPTION_KEYS="a2V5LWZvci10ZXN0cy1vbmx5LTAwMDAwMDAwMDAwMDA=",
        SECURE_SSL_REDIRECT="False",
        DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
        DATABASE_CONN_MAX_AGE="600",
        SEARCH_EMBEDDED_PATH=str(workdir / "search.sqlite3"),
        MEDIA_ROOT=str(workdir / "media"),
        PORTAL_CACHE_DIR=str(workdir / "cache"),
        DISCLOSURE_PRIVATE_ROOT=str(workdir / "private"),
        EMAIL_URL="consolemail://",
        ELASTICSEARCH_URL="",
        REDIS_URL="",
        PORTAL_CAPTCHA_ENABLED="false",
        PORTAL_TRUSTED_PROXIES="127.0.0.1",
        PORTAL_PAGE_CACHE_SECONDS="300",
        GUNICORN_WORKERS="2",
        GUNICORN_THREADS=os.environ.get("GUNICORN_THREADS", "4"),
        GUNICORN_ACCESSLOG=os.devnull,
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    python, manage = sys.executable, [sys.executable, str(ROOT / "manage.py")]
    from import_policies import generate_rows, write_file

    print(f"preparing a database with {args.documents} documents ...", flush=True)
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    tree = "import django; django.setup(); from cms.services.site_tree import ensure_site_tree; "
    tree += "ensure_site_tree(hostname='127.0.0.1')"
    subprocess.run([python, "-c", tree], env=env, check=True, cwd=ROOT)
    source = workdir / "policies.jsonl"
    write_file(generate_rows(args.documents), source)
    subprocess.run(
        [*manage, "import_policies", str(source)],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    urls = json.loads(
        subprocess.run(
            [python, "-c", URLS_SNIPPET], env=env, check=True, cwd=ROOT, capture_output=True
        ).stdout
    )
    paths = ["/", "/", urls["list"], "/disclosure/apply/", *urls["documents"]]

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(Path(python).parent / "gunicorn"),
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "portal.wsgi:application",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        _wait_until_up(base + "/")
        readers, submissions = asyncio.run(_run(base, paths, args))
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(
        f"\ngunicorn {env['GUNICORN_WORKERS']} workers x {env['GUNICORN_THREADS']} threads, "
        f"{args.readers} readers + {args.rate:g} "
        f"applications/s for {args.duration} s, {args.documents} documents, load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    print(readers.line("readers"))
    print(submissions.line("submissions"))
    if args.keep:
        print(f"kept: {workdir}")
    else:
        shutil.rmtree(workdir)


if __name__ == "__main__":
    main()
