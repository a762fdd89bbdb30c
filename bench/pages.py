"""Public page speed: gunicorn (2 workers) on loopback, measured with wrk, page cache off and on.

Builds a fresh SQLite database in a temporary directory (site tree plus --documents generated
policy documents imported through `manage.py import_policies`), collects static files, then for
each of "page cache off" (PORTAL_PAGE_CACHE_SECONDS=0) and "on" starts gunicorn with production
settings and runs wrk against the home page, the policy list, one document page and a static file
served by the same server (WhiteNoise) as the ceiling. Anonymous requests only (wrk sends no
cookies). Prints requests/s and p95 latency per target.

Needs Debian's wrk (`apt-get install -y wrk`).

    .venv/bin/python bench/pages.py [--duration 10] [--connections 8] [--documents 2000]
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("BENCH p95_us=%d non2xx=%d errors=%d\\n", latency:percentile(95),
    summary.errors.status, summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout))
end
"""
URLS_SNIPPET = """
import django, json; django.setup()
from policies.models import PolicyDocumentPage, PolicyIndexPage
document = PolicyDocumentPage.objects.live().order_by("path").first()
print(json.dumps({"list": PolicyIndexPage.objects.get().url, "document": document.url}))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer {url} within {timeout:.0f} s")


def production_env(workdir: Path, **extra: str) -> dict[str, str]:
    """Production settings on a throwaway SQLite database and search index in `workdir`."""
    return dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="bench-only-secret-key-not-for-production-use",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PII_ENCRYPTION_KEYS="a2V5LWZvci10ZXN0cy1vbmx5LTAwMDAwMDAwMDAwMDA=",
        SECURE_SSL_REDIRECT="False",
        DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
        DATABASE_CONN_MAX_AGE="600",
        SEARCH_EMBEDDED_PATH=str(workdir / "search.sqlite3"),
        ELASTICSEARCH_URL="",
        REDIS_URL="",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
        **extra,
    )


def _wrk(url: str, script: Path, duration: int, connections: int) -> tuple[float, float, str]:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = next(float(line.split()[1]) for line in output.splitlines() if "Requests/sec" in line)
    result = next(line for line in output.splitlines() if line.startswith("BENCH"))
    fields = dict(item.split("=") for item in result.split()[1:])
    problems = int(fields["non2xx"]) + int(fields["errors"])
    return rate, int(fields["p95_us"]) / 1000, f"{problems} errors" if problems else ""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")

    workdir = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    env = production_env(workdir)
    python, manage = sys.executable, [sys.executable, str(ROOT / "manage.py")]
    from import_policies import generate_rows, write_file

    print(f"preparing a database with {args.documents} documents ...", flush=True)
    subprocess.run([*manage, "migrate", "--run-syncdb", "-v0"], env=env, check=True, cwd=ROOT)
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
    manifest = json.loads((ROOT / "var" / "static" / "staticfiles.json").read_text())
    targets = {
        "home": "/",
        "policy list": urls["list"],
        "document page": urls["document"],
        "static file (ceiling)": "/static/" + manifest["paths"]["css/portal.css"],
    }
    script = workdir / "p95.lua"
    script.write_text(WRK_SCRIPT)

    results: dict[tuple[str, str], tuple[float, float, str]] = {}
    for mode, seconds in (("cache off", "0"), ("cache on", "300")):
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                str(Path(python).parent / "gunicorn"),
                "portal.wsgi:application",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            env=dict(env, PORTAL_PAGE_CACHE_SECONDS=seconds),
            cwd=ROOT,
        )
        try:
            _wait_until_up(base + "/")
            for name, path in targets.items():
                for _ in range(4):  # warm both workers (and the cache, when on)
                    urllib.request.urlopen(base + path, timeout=30).read()
                results[(name, mode)] = _wrk(base + path, script, args.duration, args.connections)
                print(f"  {mode:9} {name:22} {results[(name, mode)][0]:8.1f} req/s", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)

    load = os.getloadavg()[0]
    print(
        f"\ngunicorn 2 sync workers, wrk -t2 -c{args.connections} -d{args.duration}s, "
        f"anonymous, {args.documents} documents, load average {load:.1f} on {os.cpu_count()} CPUs"
    )
    print(f"{'target':24}{'cache off':>22}{'cache on':>22}")
    print(f"{'':24}{'req/s   p95 ms':>22}{'req/s   p95 ms':>22}")
    for name in targets:
        cells = []
        for mode in ("cache off", "cache on"):
            rate, p95, problems = results[(name, mode)]
            cells.append(f"{rate:8.1f} {p95:8.1f} {problems}".rstrip())
        print(f"{name:24}{cells[0]:>22}{cells[1]:>22}")
    if args.keep:
        print(f"kept: {workdir}")
    else:
        shutil.rmtree(workdir)


if __name__ == "__main__":
    main()
