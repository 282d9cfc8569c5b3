import csv
import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from monitors.export import COLUMNS, as_csv_columns, as_record, openings_since
from ui.spreadsheet import safe_cell


class Command(BaseCommand):
    help = "Write openings to standard output as JSON (default) or CSV."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--since", metavar="YYYY-MM-DD", help="Only openings found since.")

    def handle(self, *args, format, since, **options):  # noqa: A002  (option name)
        day = None
        if since:
            try:
                day = datetime.date.fromisoformat(since)
            except ValueError as error:
                raise CommandError(f"--since {since!r} is not a date like 2025-01-31.") from error
        records = [as_record(opening) for opening in openings_since(day).iterator()]
        if format == "json":
            self.stdout.write(json.dumps(records, indent=2, ensure_ascii=False))
            return
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(COLUMNS)
        columns = as_csv_columns()
        for record in records:
            writer.writerow([safe_cell(get(record)) for _, get in columns])
