"""Settings for the test suite: the real settings, with test-only defaults from the environment."""

import os
import tempfile

os.environ.setdefault("WAYMARK_TESTING", "1")
os.environ.setdefault("AXES_FAILURE_LIMIT", "5")

from config.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast users in tests
# A cache of this process alone, empty at each run: the suite's databases are thrown away, so
# figures remembered from an earlier run must not be found again. tests/test_shared_cache.py
# checks the real settings' shared cache in processes of their own.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["default"] = {  # noqa: F405
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {
        "location": os.environ.get(
            "WAYMARK_TEST_MEDIA_ROOT", os.path.join(tempfile.gettempdir(), "waymark-test-media")
        )
    },
}

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405  WhiteNoise expects it to exist
LOGGING["loggers"]["axes"] = {"level": "WARNING"}  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared-cache memory, so concurrent workers in tests meet SQLite's real
    # locking (WAL and the busy timeout) as they do in production.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"waymark-test-{os.getpid()}.sqlite3")
    }
