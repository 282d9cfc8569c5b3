"""Make an API token for a user from the shell; the token is printed alone on the last line,
so a script can take it with `tail -n 1`."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from api.models import ApiToken


class Command(BaseCommand):
    help = "Create a personal API token for USERNAME and print it (shown this once only)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="What the token is for.")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user is called {username!r}.")
        token, secret = ApiToken.issue(user, name)
        self.stderr.write(
            f"API token {token.prefix}… “{name}” for {username}; store it now, "
            "it cannot be shown again."
        )
        self.stdout.write(secret)
