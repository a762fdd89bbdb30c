// Lighthouse's mobile audit of a list of pages in one Debian Chromium (never a browser download).
//
// Usage: node tests/e2e/lighthouse.mjs <node_modules dir> <chromium path> <categories> <url>...
// <categories> is a comma-separated list (performance,accessibility,best-practices,seo).
// Prints one JSON line per page: {url, error, scores: {category: 0..1}, metrics, failing: [{id,
// category, title, score, display, items}]}. The Python side (tests/e2e/lighthouse.py)
// decides what passes. LIGHTHOUSE_EXTRA_HEADERS (JSON) adds request headers to every page, e.g.
// the Cookie of an applicant's tracking session.
import path from "node:path";
import { pathToFileURL } from "node:url";

const [nodeModules, chromiumPath, categories, ...urls] = process.argv.slice(2);
const load = (name, entry) => import(pathToFileURL(path.join(nodeModules, name, entry)).href);
const { default: lighthouse } = await load("lighthouse", "core/index.js");
const chromeLauncher = await load("chrome-launcher", "dist/index.js");

const METRICS = [
  ["first-contentful-paint", "FCP"],
  ["largest-contentful-paint", "LCP"],
  ["total-blocking-time", "TBT"],
  ["cumulative-layout-shift", "CLS"],
];

const chrome = await chromeLauncher.launch({
  chromePath: chromiumPath,
  chromeFlags: [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
try {
  for (const url of urls) {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      formFactor: "mobile",
      onlyCategories: categories.split(","),
      // Without performance nothing needs a quiet page or a trace: audit as soon as it loads.
      ...(categories.includes("performance")
        ? {}
        : {
            pauseAfterFcpMs: 0,
            pauseAfterLoadMs: 0,
            networkQuietThresholdMs: 0,
            cpuQuietThresholdMs: 0,
            disableFullPageScreenshot: true,
          }),
      extraHeaders: JSON.parse(process.env.LIGHTHOUSE_EXTRA_HEADERS || "{}"),
    });
    const { lhr } = result;
    const scores = {};
    const failing = [];
    for (const [key, category] of Object.entries(lhr.categories)) {
      scores[key] = category.score;
      for (const ref of category.auditRefs) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
          const items = (audit.details && audit.details.items) || [];
          failing.push({
            id: ref.id,
            category: key,
            title: audit.title,
            score: audit.score,
            display: audit.displayValue || "",
            items: items.slice(0, 3).map((item) => JSON.stringify(item).slice(0, 300)),
          });
        }
      }
    }
    const metrics = {};
    for (const [id, label] of METRICS) {
      if (lhr.audits[id]) metrics[label] = lhr.audits[id].displayValue || "";
    }
    const error = lhr.runtimeError ? lhr.runtimeError.message : null;
    process.stdout.write(JSON.stringify({ url, error, scores, metrics, failing }) + "\n");
  }
} finally {
  await chrome.kill();
}
