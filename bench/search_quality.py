"""Search quality on the STARD legal-retrieval set (../shared/bench-data/stard), dev split.

By default the 58,513 statute articles are written to a JSONL file and imported as policy pages
with `manage.py import_policies` into a fresh SQLite database and embedded index under
var/bench/import/ (as an editor would load them; several minutes). `--reuse` keeps that import;
`--direct` instead indexes the articles straight into var/bench/stard.sqlite3 (about 30 s), which
measures the search engine alone and is quicker while tuning. The 771 layperson questions then go
through PolicySearch, and Recall@10, Recall@100, nDCG@10 and MRR@10 are printed beside the
README's baselines. Only the dev split is in shared/ (the test split is held out).

`--backend elasticsearch` runs the same questions through the Elasticsearch backend instead
(ELASTICSEARCH_URL, default the `make elasticsearch` node), over the same article records as
`--direct`, in the index `bench-stard-content` (kept for `--reuse` and bench/search_speed.py);
`--backend both` runs the embedded `--direct` index and Elasticsearch one after the other and
prints the difference.

    .venv/bin/python bench/search_quality.py [--reuse] [--direct] [--limit N]
    .venv/bin/python bench/search_quality.py --backend both --limit 200

Last run (--direct, commit aff1d41): dev Recall@10 0.5340, Recall@100 0.7519, nDCG@10 0.4422,
MRR@10 0.4587 (before search/ranking.py: 0.4848, 0.6806, 0.4010, 0.4153).
"""

import argparse
import gzip
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
DATA = ROOT.parent / "shared" / "bench-data" / "stard"
DIRECT_INDEX = ROOT / "var" / "bench" / "stard.sqlite3"
IMPORT_DIR = ROOT / "var" / "bench" / "import"
IMPORT_INDEX = IMPORT_DIR / "search.sqlite3"
BASELINES = {
    "BM25, jieba words": (0.4542, 0.6646, 0.3629, 0.3734),
    "BM25, character bigrams": (0.4737, 0.6637, 0.3870, 0.3998),
}


ELASTICSEARCH_PREFIX = "bench-stard"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=0, help="only the first N queries")
    parser.add_argument("--reuse", action="store_true", help="reuse an existing bench index")
    parser.add_argument(
        "--direct", action="store_true", help="index records directly, not via import_policies"
    )
    parser.add_argument(
        "--backend", choices=["embedded", "elasticsearch", "both"], default="embedded"
    )
    args = parser.parse_args()
    if args.backend == "both":
        args.direct = True  # the same records in both engines

    index_path = DIRECT_INDEX if args.direct else IMPORT_INDEX
    imported = args.reuse and index_path.exists()
    if args.backend != "elasticsearch" and not args.direct and not imported:
        import_corpus()
    os.environ["SEARCH_EMBEDDED_PATH"] = str(index_path)
    import django

    django.setup()
    from django.conf import settings

    settings.SEARCH_EMBEDDED_PATH = str(index_path)

    with gzip.open(DATA / "corpus.jsonl.gz", "rt", encoding="utf-8") as corpus:
        ids_by_title = {row["title"]: row["id"] for row in map(json.loads, corpus)}
    queries = [json.loads(line) for line in (DATA / "dev.jsonl").read_text().splitlines() if line]
    if args.limit:
        queries = queries[: args.limit]

    runs = []
    if args.backend in ("embedded", "both"):
        backend = embedded_backend(index_path, args)
        print(f"embedded index: {index_path.relative_to(ROOT)}, {backend.count()} documents")
        runs.append(("portal embedded", backend))
    if args.backend in ("elasticsearch", "both"):
        backend = elasticsearch_backend(args)
        print(f"Elasticsearch index: {backend.alias} at {backend.url}, {backend.count()} documents")
        runs.append(("portal Elasticsearch", backend))

    n = len(queries)
    results = [(name, *evaluate(backend, queries, ids_by_title)) for name, backend in runs]
    print(f"\nSTARD dev, {n} queries                Recall@10  Recall@100  nDCG@10  MRR@10")
    for name, figures in BASELINES.items():
        print(f"{name:<38}" + "".join(f"{value:>10.4f}" for value in figures))
    for name, totals, _latencies in results:
        label = f"{name} (this run)"
        print(f"{label:<38}" + "".join(f"{value / n:>10.4f}" for value in totals))
    if len(results) == 2:
        gap = (results[1][1][2] - results[0][1][2]) / n
        print(f"nDCG@10 Elasticsearch - embedded: {gap:+.4f}")
    for name, _totals, latencies in results:
        latencies.sort()
        print(
            f"{name} query latency in-process: p50 {latencies[n // 2] * 1000:.1f} ms, "
            f"p95 {latencies[max(int(n * 0.95) - 1, 0)] * 1000:.1f} ms"
        )


def corpus_documents():
    from search.registry import IndexDocument

    with gzip.open(DATA / "corpus.jsonl.gz", "rt", encoding="utf-8") as corpus:
        for line in corpus:
            row = json.loads(line)
            yield IndexDocument(
                key=row["id"],
                content_type="statute",
                title=row["title"],
                body=row["body"],
                url=f"/stard/{row['id']}",
                validity=row["validity"],
            )


def embedded_backend(index_path: Path, args):
    from search.backends.embedded import EmbeddedBackend

    backend = EmbeddedBackend(str(index_path))
    if args.direct and not (args.reuse and index_path.exists()):
        index_path.parent.mkdir(parents=True, exist_ok=True)
        backend.clear()
        started = time.perf_counter()
        batch = []
        for document in corpus_documents():
            batch.append(document)
            if len(batch) == 2000:
                backend.index(batch)
                batch = []
        backend.index(batch)
        print(f"indexed {backend.count()} articles in {time.perf_counter() - started:.1f} s")
    return backend


def elasticsearch_backend(args):
    from search.backends.elasticsearch import ElasticsearchBackend

    url = os.environ.get("ELASTICSEARCH_URL") or "http://127.0.0.1:9200"
    backend = ElasticsearchBackend(url, ELASTICSEARCH_PREFIX)
    try:
        present = backend.count()
    except Exception:  # noqa: BLE001 - no bench index yet
        present = 0
    if not (args.reuse and present == 58513):
        started = time.perf_counter()
        backend.rebuild(corpus_documents(), grace=0)
        backend.client.options(request_timeout=900).indices.forcemerge(
            index=backend.alias, max_num_segments=1
        )
        print(
            f"indexed {backend.count()} articles into Elasticsearch in "
            f"{time.perf_counter() - started:.1f} s (one segment after force-merge)"
        )
    return backend


def evaluate(backend, queries: list[dict], ids_by_title: dict[str, str]):
    """Recall@10, Recall@100, nDCG@10 and MRR@10 sums, and per-query latencies."""
    import search.backends as backends
    from search.query import PolicySearch

    backends.get_backend = lambda: backend  # the bench index, not the site's
    totals = [0.0, 0.0, 0.0, 0.0]
    latencies = []
    for query in queries:
        relevant = set(query["relevant"])
        started = time.perf_counter()
        search = PolicySearch(query["query"])
        search.request.page_size = 100
        # Imported pages have page keys; STARD titles (<law> <article>) are unique, so map back.
        keys = [ids_by_title.get(hit.title, hit.key) for hit in search.execute().hits]
        latencies.append(time.perf_counter() - started)
        top10 = keys[:10]
        totals[0] += len(relevant & set(top10)) / len(relevant)
        totals[1] += len(relevant & set(keys[:100])) / len(relevant)
        dcg = sum(1 / math.log2(rank + 2) for rank, key in enumerate(top10) if key in relevant)
        ideal = sum(1 / math.log2(rank + 2) for rank in range(min(len(relevant), 10)))
        totals[2] += dcg / ideal
        totals[3] += next((1 / (rank + 1) for rank, key in enumerate(top10) if key in relevant), 0)
    return totals, latencies


def import_corpus() -> None:
    """Fresh SQLite database and index, site tree, then `manage.py import_policies` on JSONL."""
    sys.path.insert(0, str(ROOT / "bench"))
    from import_policies import stard_rows, write_file  # the import benchmark's conversion

    IMPORT_DIR.mkdir(parents=True, exist_ok=True)
    for name in ("db.sqlite3", "search.sqlite3", "stard.jsonl"):
        for path in IMPORT_DIR.glob(name + "*"):
            path.unlink()
    source = IMPORT_DIR / "stard.jsonl"
    write_file(stard_rows(), source)
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DEBUG="False",
        DATABASE_URL=f"sqlite:///{IMPORT_DIR / 'db.sqlite3'}",
        SEARCH_EMBEDDED_PATH=str(IMPORT_INDEX),
        ELASTICSEARCH_URL="",
        LOG_LEVEL="WARNING",
    )
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--run-syncdb", "-v0"], env=env, check=True, cwd=ROOT)
    setup = (
        "import django; django.setup(); "
        "from cms.services.site_tree import ensure_site_tree; "
        "ensure_site_tree(hostname='localhost')"
    )
    subprocess.run([sys.executable, "-c", setup], env=env, check=True, cwd=ROOT)
    started = time.perf_counter()
    subprocess.run([*manage, "import_policies", str(source)], env=env, check=True, cwd=ROOT)
    print(f"imported with import_policies in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
