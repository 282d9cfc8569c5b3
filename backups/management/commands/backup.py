from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from backups.archive import BackupError, create_backup


class Command(BaseCommand):
    help = "Write the database and the uploaded files into one dated archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=Path(settings.VAR_DIR) / "backups",
            help="Folder for the archive (default: var/backups).",
        )

    def handle(self, *args, output, **options):
        try:
            report = create_backup(output, now=timezone.now())
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(report))
