"""Latency of GET /api/search/ on the STARD corpus, one client and four concurrent clients.

Serves the portal with gunicorn (2 workers) on loopback, pointing the embedded backend at the
index that bench/search_quality.py builds under var/bench/ (run that first; the import_policies
index is used when present, else the direct one), and sends the 771 dev questions. Then sends bad
input (empty, 200+ characters, punctuation, FTS syntax, unknown filters, malformed pages) and
prints the slowest answer and every status code seen: the issue asks for a normal page or a 400
within a second, never a 500. Prints p50 and p95; never asserts.

`--backend elasticsearch` serves the same requests from the Elasticsearch index that
`bench/search_quality.py --backend elasticsearch` builds (ELASTICSEARCH_URL, default the
`make elasticsearch` node). Without the import benchmark's database, a migrated site database is
made once under var/bench/site.sqlite3 so the HTML page renders.

    .venv/bin/python bench/search_quality.py --limit 1   # builds the index once
    .venv/bin/python bench/search_speed.py
    .venv/bin/python bench/search_quality.py --backend elasticsearch --limit 1
    .venv/bin/python bench/search_speed.py --backend elasticsearch

Each run also times /healthz through the same server and clients and prints the ratio.

Last run (commit aff1d41, direct index, 2 sync workers): 1 client p50 14.8 ms, p95 22.0 ms
(/healthz p95 12.6 ms, 1.7x); 4 clients p50 29.8 ms, p95 39.2 ms (/healthz p95 28.8 ms, 1.4x);
bad input: 30 requests, slowest 106.6 ms, only 200 and 400 answers. Before the in-memory index
(commit 6c2d545): 95.7 / 182.8 ms and 182.9 / 485.9 ms.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INDEXES = [
    ROOT / "var" / "bench" / "import" / "search.sqlite3",
    ROOT / "var" / "bench" / "stard.sqlite3",
]
DATABASE = ROOT / "var" / "bench" / "import" / "db.sqlite3"
SITE_DATABASE = ROOT / "var" / "bench" / "site.sqlite3"
ELASTICSEARCH_PREFIX = "bench-stard"  # bench/search_quality.py's index
BAD_INPUT = [
    {"q": ""},
    {"q": "   "},
    {"q": "税" * 201},
    {"q": "纳税人可以享受哪些税收优惠政策？" * 12},
    {"q": "，。！？、；：“”"},
    {"q": '"(AND OR* NEAR(a b) ^col:x'},
    {"q": "%_\\x00'--"},
    {"q": "首问", "type": "nope"},
    {"q": "首问", "authority": "不存在的机关", "topic": "不存在"},
    {"q": "首问", "year": "abc"},
    {"q": "首问", "page": "-1"},
    {"q": "首问", "page": "9" * 40},
    {"q": "首问", "sort": "random"},
    {"q": "的"},
    {"q": "法", "page": "1000"},
]
QUERIES = ROOT.parent / "shared" / "bench-data" / "stard" / "dev.jsonl"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(base: str, query: str) -> float:
    url = f"{base}/api/search/?" + urllib.parse.urlencode({"q": query})
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
    return time.perf_counter() - started


def fetch_status(base: str, path: str, params: dict) -> tuple[int, float]:
    url = f"{base}{path}?" + urllib.parse.urlencode(params)
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        error.read()
        status = error.code
    return status, time.perf_counter() - started


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def site_database() -> Path:
    """The import benchmark's database, or a migrated one with the site tree, made once."""
    if DATABASE.exists():
        return DATABASE
    if not SITE_DATABASE.exists():
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            "DATABASE_URL": f"sqlite:///{SITE_DATABASE}",
            "ELASTICSEARCH_URL": "",
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
        setup = (
            "import django; django.setup(); "
            "from cms.services.site_tree import ensure_site_tree; "
            "ensure_site_tree(hostname='localhost')"
        )
        subprocess.run([sys.executable, "-c", setup], env=env, check=True, cwd=ROOT)
    return SITE_DATABASE


def backend_environment(backend: str) -> tuple[dict[str, str], str]:
    """Settings for the served portal and a description of the index it searches."""
    if backend == "elasticsearch":
        from elasticsearch import Elasticsearch

        url = os.environ.get("ELASTICSEARCH_URL") or "http://127.0.0.1:9200"
        alias = f"{ELASTICSEARCH_PREFIX}-content"
        try:
            count = Elasticsearch(url).count(index=alias)["count"]
        except Exception:  # noqa: BLE001 - no node or no index: say what to run
            count = 0
        if not count:
            sys.exit(
                f"{url} 上没有 {alias} 索引：先运行 make elasticsearch 和 "
                "bench/search_quality.py --backend elasticsearch"
            )
        environment = {"ELASTICSEARCH_URL": url, "SEARCH_INDEX_PREFIX": ELASTICSEARCH_PREFIX}
        return environment, f"Elasticsearch index {alias} ({count} documents) at {url}"
    index = next((path for path in INDEXES if path.exists()), None)
    if index is None:
        sys.exit("先运行 bench/search_quality.py 建立 var/bench/ 下的索引")
    return {"SEARCH_EMBEDDED_PATH": str(index), "ELASTICSEARCH_URL": ""}, str(
        index.relative_to(ROOT)
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=["embedded", "elasticsearch"], default="embedded")
    args = parser.parse_args()
    backend_env, described = backend_environment(args.backend)
    queries = [json.loads(line)["query"] for line in QUERIES.read_text().splitlines() if line]
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DEBUG": "false",
        **backend_env,
        # The search page renders inside the site tree: use a migrated database.
        "DATABASE_URL": f"sqlite:///{site_database()}",
    }
    # DEBUG off serves hashed static files: collect them (quick when already collected).
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
        env=env,
        check=True,
        cwd=ROOT,
    )
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "portal.wsgi:application",
            "--config",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                fetch(base, "税")
                break
            except OSError:
                time.sleep(0.2)
        for query in queries[:20]:  # warm up both workers
            fetch(base, query)
        print(
            f"/api/search/ on {described}, {len(queries)} STARD dev questions, gunicorn 2 workers "
            f"x {os.environ.get('GUNICORN_THREADS', '1')} thread(s), "
            f"load average {os.getloadavg()[0]:.1f} (the CPU is shared)"
        )
        for clients in (1, 4):
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=clients) as pool:
                latencies = list(pool.map(lambda q: fetch(base, q), queries))
            elapsed = time.perf_counter() - started
            # /healthz through the same server and clients: what the machine does without search.
            with ThreadPoolExecutor(max_workers=clients) as pool:
                health = list(pool.map(lambda _: fetch_status(base, "/healthz", {})[1], queries))
            search_p95, health_p95 = percentile(latencies, 0.95), percentile(health, 0.95)
            print(
                f"{clients} client(s): p50 {statistics.median(latencies) * 1000:.1f} ms, "
                f"p95 {search_p95 * 1000:.1f} ms, "
                f"{len(queries) / elapsed:.1f} requests/s; /healthz p50 "
                f"{statistics.median(health) * 1000:.1f} ms, p95 {health_p95 * 1000:.1f} ms "
                f"(search p95 = {search_p95 / health_p95:.1f} x /healthz p95)"
            )
        statuses: dict[int, int] = {}
        slowest = 0.0
        for params in BAD_INPUT:
            for path in ("/api/search/", "/search/"):
                status, elapsed = fetch_status(base, path, params)
                statuses[status] = statuses.get(status, 0) + 1
                slowest = max(slowest, elapsed)
        print(
            f"bad input: {len(BAD_INPUT) * 2} requests, slowest {slowest * 1000:.1f} ms, "
            f"status codes {dict(sorted(statuses.items()))}"
        )
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)  # workers finish their requests; slow on a loaded machine
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


if __name__ == "__main__":
    main()
