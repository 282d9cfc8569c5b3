"""A real SMTP server (aiosmtpd) on 127.0.0.1, and builders for openings to mail."""

import email
import hashlib
import itertools
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller

from alerts.models import Subscription
from monitors.models import Item, Opening, Source

_numbers = itertools.count(1)


class RecordingHandler:
    """Accepts mail like a real server; can refuse a recipient or drop the connection."""

    def __init__(self):
        self.messages = []
        self.refuse = set()
        self.drop_next = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.drop_next:
            self.drop_next -= 1
            session.transport.close()
            return "421 4.3.0 Connection dropped"
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address):
        return [message for rcpts, message in self.messages if address in rcpts]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    settings.SITE_URL = "https://waymark.example.org"
    yield handler
    controller.stop()


@pytest.fixture
def source(db):
    return Source.objects.create(
        name="Written questions", kind="parliament-written-questions", url="https://example.org/wq"
    )


@pytest.fixture
def make_opening(source):
    def make(title=None, *, topics=("missing_children",), score=0.9, created_at=None, **fields):
        number = next(_numbers)
        title = title or f"Missing children from care {number}"
        item = Item.objects.create(
            url=f"https://questions-statements.parliament.uk/written-questions/{number}",
            source=source,
            title=title,
            content_hash=hashlib.sha256(title.encode()).hexdigest(),
        )
        extra = {"created_at": created_at} if created_at else {}
        return Opening.objects.create(
            item=item,
            source=fields.pop("source", source),
            score=score,
            topics=list(topics),
            reasons=[
                {
                    "phrase": "go missing from care",
                    "start": 0,
                    "end": 0,
                    "field": "body",
                    "weight": 2.0,
                    "passage": "How many children go missing from care each year?",
                }
            ],
            **extra,
            **fields,
        )

    return make


@pytest.fixture
def subscribe():
    def make(user, frequency="daily", **fields):
        subscription, _ = Subscription.objects.update_or_create(
            user=user, defaults={"frequency": frequency, **fields}
        )
        return subscription

    return make
