"""Lighthouse's mobile audit of every public page type, performance included (issue 18.15).

Builds a fresh SQLite database with the demo content in a temporary directory (`manage.py
setup_demo`, which refuses production settings, runs under dev settings on the same files),
collects static files, starts gunicorn with production settings (two workers, page cache on,
WhiteNoise serving compressed static files) and runs Lighthouse 12 (npm, installed into var/node
by `make e2e-tools`) in Debian's Chromium over the page types the browser journeys check
(tests/e2e/test_public_pages.py). Prints the four category scores and the performance metrics per
page. The browser journeys assert accessibility, best practices and SEO; performance depends on
the machine, so it is measured here. Run it on a quiet machine.

A single Lighthouse run varies by a few points from one run to the next (CPU scheduling, timers),
so, as Lighthouse's own variability guide advises, every page is audited several times (`--runs`,
3 by default) and the run with the median performance score is reported. A run that ends in a
runtime error (Lighthouse 12 with Chromium 156 now and then reports NO_PERFORMANCE_NAVSTART) is
audited again, at most twice per page, rather than counted.

    .venv/bin/python bench/lighthouse.py [--runs N] [--only home,search] [--keep]
"""

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from pages import _free_port, _wait_until_up, production_env  # noqa: E402 - path set above

from tests.e2e import lighthouse  # noqa: E402

PAGES_SNIPPET = """
import django, json; django.setup()
from tests.e2e.test_public_pages import public_pages
print(json.dumps([(name, path) for name, path in public_pages() if name != "not-found"]))
"""
# The applicant's progress page needs a tracking session: one is opened for the demo request
# YSQ-2026-000003, as entering its 查询码 on /disclosure/track/ would (the form carries a captcha
# under production settings, so it is not filled in here).
TRACKING_SNIPPET = """
import django; django.setup()
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from disclosure.models import DisclosureRequest
from disclosure.views import TRACKED_SESSION_KEY
session = SessionStore()
session[TRACKED_SESSION_KEY] = DisclosureRequest.objects.get(number="YSQ-2026-000003").pk
session.create()
print(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")
"""
STATUS_PATH = "/disclosure/track/status/"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--runs", type=int, default=3, help="audits per page (median reported)")
    parser.add_argument("--only", default="", help="comma-separated page names, e.g. search,home")
    args = parser.parse_args()
    if not lighthouse.lighthouse_available():
        raise SystemExit("Lighthouse is missing: make e2e-tools")

    workdir = Path(tempfile.mkdtemp(prefix="bench-lighthouse-"))
    env = production_env(
        workdir,
        MEDIA_ROOT=str(workdir / "media"),
        PORTAL_CACHE_DIR=str(workdir / "cache"),
        DISCLOSURE_PRIVATE_ROOT=str(workdir / "private" / "disclosure"),
        CONSULTATION_PRIVATE_ROOT=str(workdir / "private" / "consultation"),
        TAXPAYER_PRIVATE_ROOT=str(workdir / "private" / "taxpayer"),
        EMAIL_URL="consolemail://",
        PORTAL_PAGE_CACHE_SECONDS="300",
        GUNICORN_WORKERS="2",
        GUNICORN_ACCESSLOG="/dev/null",
    )
    python, manage = sys.executable, [sys.executable, str(ROOT / "manage.py")]
    print("preparing the demo site ...", flush=True)
    # setup_demo refuses production settings: the same database is filled under dev settings.
    demo_env = dict(env, DJANGO_SETTINGS_MODULE="portal.settings.dev")
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run(
        [*manage, "setup_demo", "--no-admin"],
        env=demo_env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    pages = json.loads(
        subprocess.run(
            [python, "-c", PAGES_SNIPPET], env=demo_env, check=True, cwd=ROOT, capture_output=True
        ).stdout
    )
    cookie = (
        subprocess.run(
            [python, "-c", TRACKING_SNIPPET], env=env, check=True, cwd=ROOT, capture_output=True
        )
        .stdout.decode()
        .strip()
    )
    pages.append(("disclosure-status", STATUS_PATH))
    if args.only:
        pages = [(name, path) for name, path in pages if name in args.only.split(",")]
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
        chromium = shutil.which("chromium") or "/usr/bin/chromium"
        urls = [base + path for _, path in pages]
        runs: dict[str, list[dict]] = {url: [] for url in urls}

        def audit(some: list[str]) -> None:
            plain = [url for url in some if not url.endswith(STATUS_PATH)]
            for batch, headers in (
                (plain, {}),
                (sorted(set(some) - set(plain)), {"Cookie": cookie}),
            ):
                if batch:
                    for result in lighthouse.audit(
                        batch,
                        chromium=chromium,
                        categories=lighthouse.ALL_CATEGORIES,
                        headers=headers,
                    ):
                        runs[result["url"]].append(result)

        for number in range(args.runs):
            print(f"run {number + 1} of {args.runs} ...", flush=True)
            audit(urls)
        for _ in range(2):
            again = [url for url in urls if len(_valid(runs[url])) < args.runs]
            if not again:
                break
            print(f"auditing again after runtime errors: {len(again)} pages", flush=True)
            audit(again)
        results = [_median_run(runs[url]) for url in urls]
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(f"median of {args.runs} runs per page")
    print(f"{'page':24} perf a11y   bp  seo  metrics (simulated mobile, slow 4G)  [all perf]")
    below = []
    for (name, path), result in zip(pages, results, strict=True):
        scores = [result["scores"].get(key) for key in lighthouse.ALL_CATEGORIES]
        shown = " ".join("  - " if s is None else f"{round(s * 100):4d}" for s in scores)
        metrics = ", ".join(f"{key} {value}" for key, value in result["metrics"].items())
        every = " ".join(
            f"{round(run['scores']['performance'] * 100)}" for run in _valid(runs[base + path])
        )
        print(f"{name:24} {shown}  {metrics}  [{every}]")
        if result["error"] or any(s != 1 for s in scores):
            below.append(lighthouse.describe(result))
    print(f"\n{len(results) - len(below)} of {len(results)} pages at 100 in all four categories")
    for text in below:
        print(text)
    if args.keep:
        print(f"kept: {workdir}")
    else:
        shutil.rmtree(workdir)


def _valid(runs: list[dict]) -> list[dict]:
    return [
        run for run in runs if not run["error"] and run["scores"].get("performance") is not None
    ]


def _median_run(runs: list[dict]) -> dict:
    """The run with the median performance score (the lower one of an even count); the last
    failed run when none succeeded, so its error is shown."""
    valid = sorted(_valid(runs), key=lambda run: run["scores"]["performance"])
    return valid[(len(valid) - 1) // 2] if valid else runs[-1]


if __name__ == "__main__":
    main()
