"""Import speed of `manage.py import_policies` into a fresh SQLite database, search index included.

Generates a policy file (default 50,000 documents, JSONL; bodies built from the seed texts with
headings, numbered articles and 发文字号 citations; a third of the rows without 发文字号), or
takes one (--file), or converts the STARD corpus (--stard, 58,513 articles). It then migrates a
new SQLite database and empty embedded search index in a temporary directory, builds the site
tree, and runs the command in a child process, printing documents/s and the child's peak RSS.

    .venv/bin/python bench/import_policies.py [--rows 50000] [--format jsonl|csv|xlsx]
    .venv/bin/python bench/import_policies.py --stard
    .venv/bin/python bench/import_policies.py --file my.xlsx
"""

import argparse
import gzip
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
STARD = ROOT.parent / "shared" / "bench-data" / "stard" / "corpus.jsonl.gz"
AUTHORITIES = [
    "国家税务总局",
    "财政部",
    "国家税务总局办公厅",
    "海关总署",
    "国家税务总局北京市税务局",
]
LEVELS = ["部门规章", "行政规范性文件", "其他文件"]
VALIDITIES = ["全文有效", "全文有效", "全文有效", "部分失效", "全文失效", "全文废止", "已修改"]
TOPICS = ["财政、金融、审计\\税务", "财政、金融、审计\\财政", "综合政务\\政务公开"]
NUMERALS = "一二三四五六七八九十"


def _sentences() -> list[str]:
    sentences = []
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip().lstrip("#").strip()
            if 12 <= len(line) <= 300:
                sentences.append(line)
    return sentences or ["纳税人应当按照规定办理纳税申报，税务机关应当优化纳税服务。"]


def generate_rows(count: int, seed: int = 20140424) -> list[dict]:
    rng = random.Random(seed)
    sentences = _sentences()
    rows = []
    for n in range(count):
        published = date(2000, 1, 1) + timedelta(days=rng.randrange(9000))
        body = []
        for h in range(rng.randint(1, 3)):
            body.append(f"{NUMERALS[h]}、{rng.choice(sentences)[:20]}")
            for a in range(rng.randint(1, 4)):
                body.append(f"第{NUMERALS[a]}条 {rng.choice(sentences)}")
            body.append(rng.choice(sentences))
        if n and rng.random() < 0.3:
            cited = rng.randrange(n)
            body.append(f"依据税总发〔{2000 + cited % 25}〕{cited + 1}号的规定执行。")
        row = {
            "title": f"关于{rng.choice(sentences)[:18]}的通知（{n + 1}）",
            "authorities": "、".join(rng.sample(AUTHORITIES, rng.choice([1, 1, 1, 2]))),
            "written_date": (published - timedelta(days=rng.randrange(10))).isoformat(),
            "publish_date": published.isoformat(),
            "effective_date": published.isoformat(),
            "level": rng.choice(LEVELS),
            "validity": rng.choice(VALIDITIES),
            "topics": rng.choice(TOPICS),
            "body": "\n".join(body),
        }
        if n % 3:
            row["doc_number"] = f"税总发〔{2000 + n % 25}〕{n + 1}号"
        rows.append(row)
    return rows


def stard_rows() -> list[dict]:
    rows = []
    with gzip.open(STARD, "rt", encoding="utf-8") as corpus:
        for line in corpus:
            article = json.loads(line)
            rows.append(
                {
                    "title": article["title"],
                    "body": article["body"],
                    "validity": article.get("validity") or "",
                    "publish_date": article.get("publish_date") or "",
                    "level": "其他文件",
                }
            )
    return rows


def write_file(rows: list[dict], path: Path) -> None:
    if path.suffix == ".jsonl":
        with path.open("w", encoding="utf-8") as stream:
            for row in rows:
                stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    import tablib

    headers = ["title", "doc_number", "authorities", "written_date", "publish_date"]
    headers += ["effective_date", "level", "validity", "topics", "body", "interpretation_of"]
    dataset = tablib.Dataset(headers=headers)
    for row in rows:
        dataset.append([row.get(h, "") for h in headers])
    if path.suffix == ".csv":
        path.write_text(dataset.export("csv"), encoding="utf-8")
    else:
        path.write_bytes(dataset.export("xlsx"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--format", choices=["jsonl", "csv", "xlsx"], default="jsonl")
    parser.add_argument("--file", help="import this file instead of a generated one")
    parser.add_argument("--stard", action="store_true", help="import the STARD corpus")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-import-"))
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DEBUG="False",
        DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
        SEARCH_EMBEDDED_PATH=str(workdir / "search.sqlite3"),
        ELASTICSEARCH_URL="",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    if args.file:
        source = Path(args.file).resolve()
    else:
        rows = stard_rows() if args.stard else generate_rows(args.rows)
        source = workdir / f"policies.{'jsonl' if args.stard else args.format}"
        write_file(rows, source)
        print(f"file: {source.name}, {len(rows)} rows, {source.stat().st_size / 1e6:.1f} MB")

    python = sys.executable
    manage = [python, str(ROOT / "manage.py")]
    started = time.perf_counter()
    subprocess.run([*manage, "migrate", "--run-syncdb", "-v0"], env=env, check=True)
    setup = (
        "import django; django.setup(); "
        "from cms.services.site_tree import ensure_site_tree; "
        "ensure_site_tree(hostname='localhost')"
    )
    subprocess.run([python, "-c", setup], env=env, check=True, cwd=ROOT)
    print(f"fresh database and site tree: {time.perf_counter() - started:.1f} s")

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    started = time.perf_counter()
    completed = subprocess.run(
        [*manage, "import_policies", str(source)],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    elapsed = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_kb, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime - cpu_before
    if completed.returncode:
        print(completed.stdout, completed.stderr[-3000:], sep="\n")
        raise SystemExit(f"import failed with exit code {completed.returncode}")
    print(completed.stdout.strip())

    count = subprocess.run(
        [
            python,
            "-c",
            "import django; django.setup(); from policies.models import PolicyDocumentPage as P; "
            "from search.backends import get_backend as g; "
            "print(P.objects.live().count(), g().count())",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout.split()
    pages, indexed = int(count[0]), int(count[1])
    print(f"live policy pages: {pages}, search index documents: {indexed}")
    print(f"import wall time (process start to exit): {elapsed:.1f} s")
    print(f"documents/s: {pages / elapsed:.1f}")
    print(
        f"CPU time of the import process: {cpu:.1f} s ({pages / cpu:.1f} documents per CPU-second;"
    )
    print(
        f"  wall time above also counts waiting for the CPU: load average {os.getloadavg()[0]:.1f})"
    )
    print(
        f"peak RSS of the import process: {peak_kb / 1024:.0f} MB"
        + (" (or of migrate, whichever was larger)" if peak_kb == before else "")
    )
    if not args.keep:
        for path in sorted(workdir.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
        workdir.rmdir()
    else:
        print(f"kept: {workdir}")


if __name__ == "__main__":
    main()
