from django.core.management.base import BaseCommand

from alerts.channels import send_channels


class Command(BaseCommand):
    help = (
        "Post new openings to Slack, Teams and webhook channels, and retry what earlier runs "
        "could not post. Safe to run at any time: nothing is posted twice."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Channels: {send_channels()}")
