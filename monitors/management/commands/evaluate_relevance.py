from django.core.management.base import BaseCommand

from relevance.evaluation import report


class Command(BaseCommand):
    help = (
        "Score the relevance filter on a labelled JSONL file: precision, recall, the keyword "
        "baseline and the items it gets wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="labelled JSONL file (id, title, body, label)")
        parser.add_argument("--weights", help="JSON file of learned weights")

    def handle(self, *args, path, weights, **options):
        self.stdout.write(report(path, weights))
