from django.apps import AppConfig


class MonitorsConfig(AppConfig):
    name = "monitors"
    verbose_name = "Monitors"

    def ready(self):
        from monitors import checks  # noqa: F401  registers the system checks
