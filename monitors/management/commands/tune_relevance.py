from django.core.management.base import BaseCommand
from django.utils import timezone

from monitors.tuning import tune_relevance


class Command(BaseCommand):
    help = "Learn relevance weights from officers' triage decisions and use them from now on."

    def handle(self, *args, **options):
        outcome = tune_relevance(now=timezone.now())
        self.stdout.write(outcome)
