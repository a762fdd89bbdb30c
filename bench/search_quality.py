"""Search quality on the STARD legal-retrieval set (../shared/bench-data/stard), dev split.

Indexes the 58,513 statute articles into a separate embedded index under var/bench/ through the
same segmentation and backend the portal uses, runs the 771 layperson questions through
PolicySearch and prints Recall@10, Recall@100, nDCG@10 and MRR@10 beside the README's baselines.

Note: this indexes IndexDocument records directly; it does not yet import the corpus as Wagtail
pages through `import_policies` (that command is not built yet), so it measures the search engine,
not page import.

    DJANGO_SETTINGS_MODULE=portal.settings.dev .venv/bin/python bench/search_quality.py [--limit N]
"""

import argparse
import gzip
import json
import math
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
DATA = ROOT.parent / "shared" / "bench-data" / "stard"
BASELINES = {
    "BM25, jieba words": (0.4542, 0.6646, 0.3629, 0.3734),
    "BM25, character bigrams": (0.4737, 0.6637, 0.3870, 0.3998),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=0, help="only the first N queries")
    parser.add_argument("--reuse", action="store_true", help="reuse an existing bench index")
    args = parser.parse_args()

    index_path = ROOT / "var" / "bench" / "stard.sqlite3"
    os.environ["SEARCH_EMBEDDED_PATH"] = str(index_path)
    import django

    django.setup()
    from django.conf import settings

    settings.SEARCH_EMBEDDED_PATH = str(index_path)
    from search.backends.embedded import EmbeddedBackend
    from search.query import PolicySearch
    from search.registry import IndexDocument

    backend = EmbeddedBackend(str(index_path))

    if not (args.reuse and index_path.exists()):
        index_path.parent.mkdir(parents=True, exist_ok=True)
        backend.clear()
        started = time.perf_counter()
        batch = []
        with gzip.open(DATA / "corpus.jsonl.gz", "rt", encoding="utf-8") as corpus:
            for line in corpus:
                row = json.loads(line)
                batch.append(
                    IndexDocument(
                        key=row["id"],
                        content_type="statute",
                        title=row["title"],
                        body=row["body"],
                        url=f"/stard/{row['id']}",
                        validity=row["validity"],
                    )
                )
                if len(batch) == 2000:
                    backend.index(batch)
                    batch = []
        backend.index(batch)
        print(f"indexed {backend.count()} articles in {time.perf_counter() - started:.1f} s")

    import search.backends as backends

    backends.get_backend = lambda: backend  # the bench index, not the site's
    queries = [json.loads(line) for line in (DATA / "dev.jsonl").read_text().splitlines() if line]
    if args.limit:
        queries = queries[: args.limit]
    totals = [0.0, 0.0, 0.0, 0.0]
    latencies = []
    for query in queries:
        relevant = set(query["relevant"])
        started = time.perf_counter()
        search = PolicySearch(query["query"])
        search.request.page_size = 100
        keys = [hit.key for hit in search.execute().hits]
        latencies.append(time.perf_counter() - started)
        top10 = keys[:10]
        totals[0] += len(relevant & set(top10)) / len(relevant)
        totals[1] += len(relevant & set(keys[:100])) / len(relevant)
        dcg = sum(1 / math.log2(rank + 2) for rank, key in enumerate(top10) if key in relevant)
        ideal = sum(1 / math.log2(rank + 2) for rank in range(min(len(relevant), 10)))
        totals[2] += dcg / ideal
        totals[3] += next((1 / (rank + 1) for rank, key in enumerate(top10) if key in relevant), 0)
    n = len(queries)
    print(f"\nSTARD dev, {n} queries                Recall@10  Recall@100  nDCG@10  MRR@10")
    for name, figures in BASELINES.items():
        print(f"{name:<38}" + "".join(f"{value:>10.4f}" for value in figures))
    print(
        f"{'portal embedded (this run)':<38}" + "".join(f"{value / n:>10.4f}" for value in totals)
    )
    latencies.sort()
    print(
        f"\nquery latency in-process: p50 {latencies[n // 2] * 1000:.1f} ms, "
        f"p95 {latencies[int(n * 0.95) - 1] * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
