"""Lighthouse's mobile audit, run by node (tests/e2e/lighthouse.mjs) in Debian's Chromium.

Lighthouse is an npm package that `make test` installs into var/node beside axe-core (see
tests/e2e/package.json); no browser is downloaded. The browser journeys assert the categories
that do not depend on the machine's speed (accessibility, best practices, SEO);
`bench/lighthouse.py` adds performance, which is a measurement and belongs in a benchmark.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

NODE_MODULES = Path(__file__).resolve().parents[2] / "var" / "node" / "node_modules"
RUNNER = Path(__file__).resolve().parent / "lighthouse.mjs"
STEADY_CATEGORIES = ("accessibility", "best-practices", "seo")
ALL_CATEGORIES = ("performance", *STEADY_CATEGORIES)


def lighthouse_available() -> bool:
    return (NODE_MODULES / "lighthouse" / "core" / "index.js").exists() and bool(
        shutil.which("node")
    )


def audit(
    urls: list[str], *, chromium: str, categories=STEADY_CATEGORIES, headers: dict | None = None
) -> list[dict]:
    """One result per URL, in order: {url, error, scores, failing} (see lighthouse.mjs)."""
    completed = subprocess.run(
        ["node", str(RUNNER), str(NODE_MODULES), chromium, ",".join(categories), *urls],
        capture_output=True,
        text=True,
        timeout=60 * len(urls) + 60,
        check=False,
        env={**os.environ, "LIGHTHOUSE_EXTRA_HEADERS": json.dumps(headers or {})},
    )
    if completed.returncode != 0:
        raise RuntimeError(f"Lighthouse failed ({completed.returncode}):\n{completed.stderr}")
    return [json.loads(line) for line in completed.stdout.splitlines() if line.startswith("{")]


def describe(result: dict) -> str:
    """A readable line per failing audit of one page."""
    lines = [f"{result['url']}: {result['scores']}"]
    if result.get("error"):
        lines.append(f"  error: {result['error']}")
    for failing in result["failing"]:
        lines.append(
            f"  {failing['category']} {failing['id']} ({failing['score']}): {failing['title']} "
            f"{failing['display']} {failing['items'][:2]}"
        )
    return "\n".join(lines)
