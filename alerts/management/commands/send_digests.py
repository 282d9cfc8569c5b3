from django.core.management.base import BaseCommand
from django.utils import timezone

from alerts.digests import send_digests


class Command(BaseCommand):
    help = "Send the daily or weekly digests that are due now."

    def add_arguments(self, parser):
        parser.add_argument("--frequency", choices=["daily", "weekly"], required=True)
        parser.add_argument(
            "--dry-run", action="store_true", help="Show who would get a digest; send nothing."
        )

    def handle(self, *args, frequency, dry_run, **options):
        report = send_digests(frequency, timezone.now(), dry_run=dry_run)
        if dry_run:
            for subscription, opening_ids in report.would_send:
                self.stdout.write(
                    f"would send to {subscription.user.email}: {len(opening_ids)} opening(s)"
                )
            self.stdout.write(
                f"Dry run: would send {report.sent}, skip {report.skipped} (nothing new)"
                + (f", already sent to {report.already_sent}" if report.already_sent else "")
            )
            return
        self.stdout.write(
            f"Digests sent: {report.sent}, skipped (nothing new): {report.skipped}, "
            f"failed: {report.failed}"
        )
        # A second run in the same period sends nothing; say why rather than "sent 0".
        if report.already_sent:
            self.stdout.write(
                f"Nothing more to send: the {frequency} digest was already sent for this period"
                f" to {report.already_sent} subscriber{'' if report.already_sent == 1 else 's'}."
            )
        if report.still_waiting:
            self.stdout.write(
                f"{report.still_waiting} subscriber(s) get nothing new until their earlier"
                " digest, still waiting, is accepted by the mail server."
            )
