"""gunicorn for the compendium: one app server per port (deploy/systemd's
app@.service, `make prod-local`), behind Varnish.

Everything comes from the environment: PORT (8001), WEB_CONCURRENCY (workers;
twice the cores and one), GUNICORN_THREADS (1), GUNICORN_TIMEOUT (60 s; the PDF
and the downloads are made by the worker, not here) and the project's own
variables (README, "Configuration").
"""

import multiprocessing
import os

wsgi_app = "compendium.wsgi:application"
bind = f"{os.environ.get('BIND_ADDRESS', '127.0.0.1')}:{os.environ.get('PORT', '8001')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after so many requests, so that memory held by one large
# answer is given back.
max_requests = 2000
max_requests_jitter = 200
# Varnish and the TLS terminator run on this host: their X-Forwarded-Proto is
# believed (SECURE_PROXY_SSL_HEADER), no one else's.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
proc_name = f"compendium-{os.environ.get('PORT', '8001')}"
