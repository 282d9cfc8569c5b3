from django.core.management.base import BaseCommand, CommandError

from alerts.subscriptions_file import import_file
from monitors.sourcefile import SourceFileError


class Command(BaseCommand):
    help = "Create or update monitored sources by name from a TOML file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A TOML file with [[source]] entries, e.g. monitors.toml")

    def handle(self, *args, file, **options):
        try:
            applied = import_file(file)
        except SourceFileError as error:
            raise CommandError(f"{file}: {error} Nothing was changed.") from error
        for name in applied.created:
            self.stdout.write(f"created {name}")
        for name in applied.updated:
            self.stdout.write(f"updated {name}")
        for subscription in applied.subscriptions:
            self.stdout.write(f"subscription {subscription}")
        for channel in applied.channels:
            self.stdout.write(f"channel {channel}")
        self.stdout.write(
            f"{len(applied.created)} created, {len(applied.updated)} updated from {file}."
        )
