from django.apps import AppConfig


class MonitorsConfig(AppConfig):
    name = "monitors"
    verbose_name = "Monitors"

    def ready(self):
        from django_q.signals import post_spawn

        from config.workers import freeze_startup_objects
        from monitors import checks  # noqa: F401  registers the system checks

        # Scans run in django-q2's worker processes, each started once and kept.
        post_spawn.connect(freeze_startup_objects, dispatch_uid="waymark-freeze-startup-objects")
