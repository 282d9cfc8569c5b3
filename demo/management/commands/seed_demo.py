"""Load realistic demo data; safe to run again (each app's demo module is idempotent).

With `--scale N`, generated volumes follow the hand-written demo (see demo/scale.py): N units
of a charity's years of data, for measuring pages at size.
"""

import importlib
import time

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
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
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="N",
            help="Also generate N units of data (N=100: 20,000 people, 100,000 interactions, "
            "200,000 monitored items...). Running again at the same scale adds nothing; a "
            "database generated at another scale is refused.",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=10,
            help="Random seed for --scale (the same seed and scale build the same data).",
        )

    def handle(self, *args, if_empty=False, scale=0, seed=10, **options):
        from campaigns.models import Campaign
        from demo import scale as generated

        if scale < 0:
            raise CommandError("--scale must be 0 or more.")
        already = generated.existing_scale() if scale else 0
        if already and already != scale:
            raise CommandError(
                f"This database already holds scale {already} generated data; "
                f"use an empty database for scale {scale}."
            )
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
        if not scale:
            return
        if already:
            self.stdout.write(f"Scale {scale} generated data already present; nothing added.")
            return
        self.stdout.write(f"Generating scale {scale} data:")
        started = time.monotonic()
        generated.build(scale, now, seed=seed, report=self.stdout.write)
        self.stdout.write(f"Scale {scale} generated in {time.monotonic() - started:.0f} s.")
