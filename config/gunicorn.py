"""gunicorn's settings for Waymark, from the same environment variables as the app.

`gunicorn -c config/gunicorn.py config.wsgi` serves on WAYMARK_ADDRESS with WEB_CONCURRENCY
workers; access lines go to stdout with the request id, as plain text or as JSON to match
WAYMARK_LOG_FORMAT.
"""

import os

bind = os.environ.get("WAYMARK_ADDRESS", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Pages that take longer than this are stopped; exports stream, so the limit is per write.
timeout = int(os.environ.get("WAYMARK_WEB_TIMEOUT", "60"))
graceful_timeout = 20
# A worker restarts after this many requests, so slow memory growth never builds up.
max_requests = 1000
max_requests_jitter = 100
# A reverse proxy on the same machine is trusted for X-Forwarded-* (gunicorn's default).
forwarded_allow_ips = os.environ.get("WAYMARK_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Several servers may share a machine (and a home directory); Waymark does not use the socket.
control_socket_disable = True

accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s [%({x-request-id}o)s] "%(r)s" %(s)s %(B)s %(M)sms'
if os.environ.get("WAYMARK_LOG_FORMAT", "plain") == "json":
    # gunicorn's own lines through the app's JSON formatter, so every stdout line is one object.
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            }
        },
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "json",
            }
        },
        "loggers": {
            "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
            "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        },
    }
