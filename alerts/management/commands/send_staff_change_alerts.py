from django.core.management.base import BaseCommand
from django.utils import timezone

from alerts import following


class Command(BaseCommand):
    help = "Email followers and relationship owners about people who recently left a role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check-members",
            action="store_true",
            help="First ask the Members API which followed members and champions left the House "
            "or a post.",
        )

    def handle(self, *args, check_members, **options):
        now = timezone.now()
        if check_members:
            report = following.check_members_and_alert(now)
        else:
            report = following.send_staff_change_alerts(now)
        self.stdout.write(
            ", ".join(f"{key.replace('_', ' ')} {value}" for key, value in report.items())
        )
