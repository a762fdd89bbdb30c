"""Latency of GET /api/search/ on the STARD corpus, one client and four concurrent clients.

Serves the portal with gunicorn (2 workers) on loopback, pointing the embedded backend at the
index that bench/search_quality.py builds under var/bench/ (run that first), and sends the 771
dev questions. Prints p50 and p95; never asserts.

    .venv/bin/python bench/search_quality.py --limit 1   # builds var/bench/stard.sqlite3 once
    .venv/bin/python bench/search_speed.py
"""

import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INDEX = ROOT / "var" / "bench" / "stard.sqlite3"
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


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def main() -> None:
    if not INDEX.exists():
        sys.exit("先运行 bench/search_quality.py 建立 var/bench/stard.sqlite3")
    queries = [json.loads(line)["query"] for line in QUERIES.read_text().splitlines() if line]
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DEBUG": "false",
        "SEARCH_EMBEDDED_PATH": str(INDEX),
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
        print(f"/api/search/ on {INDEX.name}, {len(queries)} STARD dev questions")
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
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
