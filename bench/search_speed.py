"""Latency of GET /api/search/ on the STARD corpus, one client and four concurrent clients.

Serves the portal with gunicorn (2 workers) on loopback, pointing the embedded backend at the
index that bench/search_quality.py builds under var/bench/ (run that first; the import_policies
index is used when present, else the direct one), and sends the 771 dev questions. Then sends bad
input (empty, 200+ characters, punctuation, FTS syntax, unknown filters, malformed pages) and
prints the slowest answer and every status code seen: the issue asks for a normal page or a 400
within a second, never a 500. Prints p50 and p95; never asserts.

    .venv/bin/python bench/search_quality.py --limit 1   # builds the index once
    .venv/bin/python bench/search_speed.py

Last run (commit fbde02c, imported index, load average 2.5 from other work on the 2 cores):
1 client p50 22.7 ms, p95 44.3 ms; 4 clients p50 84.1 ms, p95 140.1 ms; bad input: 30
requests, slowest 157.6 ms, only 200 and 400 answers.
"""

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


def main() -> None:
    index = next((path for path in INDEXES if path.exists()), None)
    if index is None:
        sys.exit("先运行 bench/search_quality.py 建立 var/bench/ 下的索引")
    queries = [json.loads(line)["query"] for line in QUERIES.read_text().splitlines() if line]
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DEBUG": "false",
        "SEARCH_EMBEDDED_PATH": str(index),
        # The search page renders inside the site tree: use the benchmark's migrated database.
        **({"DATABASE_URL": f"sqlite:///{DATABASE}"} if DATABASE.exists() else {}),
    }
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "portal.wsgi:application",
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
            f"/api/search/ on {index.relative_to(ROOT)}, {len(queries)} STARD dev questions, "
            f"load average {os.getloadavg()[0]:.1f} (the CPU is shared)"
        )
        for clients in (1, 4):
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=clients) as pool:
                latencies = list(pool.map(lambda q: fetch(base, q), queries))
            elapsed = time.perf_counter() - started
            print(
                f"{clients} client(s): p50 {statistics.median(latencies) * 1000:.1f} ms, "
                f"p95 {percentile(latencies, 0.95) * 1000:.1f} ms, "
                f"{len(queries) / elapsed:.1f} requests/s"
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
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
