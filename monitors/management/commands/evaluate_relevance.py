from django.core.management.base import BaseCommand

from relevance.evaluation import report, report_sets


class Command(BaseCommand):
    help = (
        "Score the relevance filter on every labelled set Waymark keeps (precision and recall "
        "against each set's floor), or on one labelled JSONL file: precision, recall, the keyword "
        "baseline and the items it gets wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="labelled JSONL file (id, title, body, label); default: every set",
        )
        parser.add_argument("--weights", help="JSON file of learned weights")
        parser.add_argument(
            "--explain", action="store_true", help="say why each item it gets wrong was decided so"
        )

    def handle(self, *args, path, weights, explain, **options):
        if path:
            self.stdout.write(report(path, weights, explained=explain))
        else:
            self.stdout.write(report_sets(weights_path=weights))
