from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from monitors.models import Source
from monitors.tasks import scan_source


class Command(BaseCommand):
    help = "Scan sources now, synchronously: all enabled ones, or those named with --source."

    def add_arguments(self, parser):
        parser.add_argument(
            "--source", action="append", default=[], metavar="NAME", help="Repeat for several."
        )

    def handle(self, *args, source, **options):
        sources = Source.objects.select_related("owner").order_by("name")
        if source:
            sources = sources.filter(name__in=source)
            missing = set(source) - set(sources.values_list("name", flat=True))
            if missing:
                raise CommandError(f"No source called {', '.join(sorted(missing))}.")
        else:
            sources = sources.filter(enabled=True)
        failed = 0
        for each in sources:
            result = scan_source(each, now=timezone.now())
            failed += bool(result.error) or result.status == "busy"
            self.stdout.write(result.line())
        if failed:
            self.stderr.write(f"{failed} source(s) had problems; see above.")
