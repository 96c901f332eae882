"""Gunicorn for production (`make prod`, or `gunicorn -c memorial/gunicorn_conf.py memorial.wsgi`).

Workers from the CPU count, threads for requests that wait on the database or the cache, and an
access log without client addresses: contributors and visitors may be at risk.
"""

import multiprocessing
import os
import re

from gunicorn.glogging import Logger

# A sender's private status link carries their token in the path: it never reaches a log.
PRIVATE_PATHS = re.compile(r"(/contribute/status/)[^/]+")


class PrivateAccessLogger(Logger):
    """Gunicorn's logger, with the path stripped of private tokens (the query string is never logged)."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = PRIVATE_PATHS.sub(r"\1…", atoms["U"])
        return atoms


wsgi_app = "memorial.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
worker_class = "gthread"
# A recording upload may take a while; a request stuck longer than this is restarted.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
graceful_timeout = 30
keepalive = 5
# Workers are replaced now and then, so a slow leak never grows without bound.
max_requests = 2000
max_requests_jitter = 200
# Load the application once, before the workers fork.
preload_app = True
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

logger_class = PrivateAccessLogger
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# No client address, referrer, user agent nor query string (search terms can name people): time,
# method, path, status, size and duration.
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
