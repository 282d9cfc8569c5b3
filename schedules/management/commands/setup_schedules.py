from django.core.management.base import BaseCommand

from schedules.setup import ensure_schedules


class Command(BaseCommand):
    help = "Create or update the background schedules every app declares (safe to run again)."

    def handle(self, *args, **options):
        names = ensure_schedules()
        self.stdout.write(f"{len(names)} schedules set up: {', '.join(names)}.")
