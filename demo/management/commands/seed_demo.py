"""Load realistic demo data; safe to run again (each app's demo module is idempotent)."""

import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone


class Command(BaseCommand):
    help = "Load the theory of change and realistic demo data. Safe to run more than once."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only load demo records when the database has no campaigns yet.",
        )

    def handle(self, *args, if_empty=False, **options):
        from campaigns.models import Campaign

        now = timezone.now()
        load_records = not (if_empty and Campaign.objects.exists())
        # Each app may provide demo.seed(now, load_records) -> list of lines to report.
        for config in apps.get_app_configs():
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.demo":
                    raise
                continue
            with transaction.atomic():
                for line in module.seed(now, load_records=load_records) or []:
                    self.stdout.write(line)
        if not load_records:
            self.stdout.write("Demo records already present; left as they are.")
