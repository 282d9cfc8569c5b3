"""Performance checks run by `make bench` (`python -m benchmarks`)."""

import os
import tempfile


def setup_django(*, migrate: bool = True) -> None:
    """Django with the test settings on a throwaway SQLite database (unless DATABASE_URL says
    otherwise), migrated unless `migrate` is false (a database prepared beforehand)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    if "DATABASE_URL" not in os.environ:
        path = os.path.join(tempfile.mkdtemp(prefix="waymark-bench-"), "bench.sqlite3")
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
