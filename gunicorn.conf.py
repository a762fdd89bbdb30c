"""gunicorn settings for `make serve` and production: `gunicorn -c gunicorn.conf.py portal.wsgi`.

Since gunicorn 25.1 every instance opens a control socket at a fixed per-user path
($XDG_RUNTIME_DIR/gunicorn.ctl or ~/.gunicorn/gunicorn.ctl): two sites run by one account would
share it, and anyone who reaches it can stop or resize the workers. The portal needs none of it.
Bind addresses, worker and thread counts come from the environment (GUNICORN_BIND,
GUNICORN_WORKERS, GUNICORN_THREADS).
"""

import os

control_socket_disable = True
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split()
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
# One thread per worker (gunicorn's sync worker) by default: searching is CPU-bound, and threads
# of one worker share its interpreter lock, so concurrent searches that land on one worker wait
# for each other while the other worker idles. bench/search_speed.py, 4 clients on 2 workers:
# p95 43.5 ms with one thread, 57.7 ms with two, 69.5 ms with four. Behind the reverse proxy the
# portal expects (PORTAL_TRUSTED_PROXIES), the proxy absorbs slow clients. Exposed directly to
# many slow or keep-alive clients, set GUNICORN_THREADS=4 (gthread): under bench/load.py's 200
# readers that took p95 from 534 ms to 465 ms. Every thread has its own database connection;
# SQLite writers queue on its lock (timeout 20 s).
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# Requests larger than PORTAL_MAX_REQUEST_BYTES are refused by the application before their body
# is read; gunicorn's own limits keep request lines and headers small.
limit_request_line = 8190
limit_request_fields = 100
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")


def post_worker_init(worker) -> None:
    """Load the Chinese segmentation dictionary before the worker takes requests: otherwise the
    first search in each new worker waits about a second for it (Lighthouse saw a 3 s speed
    index on the search page of a fresh server). The search backend loads what it keeps in memory
    (the embedded backend's posting lists: about two seconds for 58,513 articles)."""
    from search.backends import get_backend
    from search.segmentation import warm_up

    warm_up()
    try:
        get_backend().warm_up()
    except Exception:  # noqa: BLE001 - the site serves without search; the first search retries
        worker.log.exception("search backend warm-up failed")
