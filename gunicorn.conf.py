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
# Threaded workers (gthread): a worker keeps serving while one connection waits on a slow client
# (gunicorn's sync worker lingers on each close until the peer's FIN) and can keep connections
# alive. Under bench/load.py's 200 readers this took p95 from 534 ms to 465 ms on two workers.
# Every thread has its own database connection; SQLite writers queue on its lock (timeout 20 s).
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# Requests larger than PORTAL_MAX_REQUEST_BYTES are refused by the application before their body
# is read; gunicorn's own limits keep request lines and headers small.
limit_request_line = 8190
limit_request_fields = 100
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")


def post_worker_init(worker) -> None:
    """Load the Chinese segmentation dictionary before the worker takes requests: otherwise the
    first search in each new worker waits about a second for it (Lighthouse saw a 3 s speed
    index on the search page of a fresh server)."""
    from search.segmentation import warm_up

    warm_up()
