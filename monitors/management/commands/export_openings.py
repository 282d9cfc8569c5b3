import csv
import datetime

from django.core.management.base import BaseCommand, CommandError

from monitors.export import COLUMNS, as_csv_columns, as_record, openings_since
from ui.spreadsheet import json_pieces, safe_cell, streamed


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
        # A record at a time, read a chunk of openings at a time: memory stays flat however
        # many openings there are.
        records = (as_record(opening) for opening in streamed(openings_since(day)))
        if format == "json":
            for piece in json_pieces(records, ensure_ascii=False):
                self.stdout.write(piece, ending="")
            self.stdout.write("")
            return
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(COLUMNS)
        columns = as_csv_columns()
        for record in records:
            writer.writerow([safe_cell(get(record)) for _, get in columns])
