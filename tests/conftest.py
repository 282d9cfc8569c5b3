"""Standing users for each role, a real SMTP server, and small builders for every app's tests."""

import email
import json
import socket
import threading
from email import policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.models import Group

from accounts.roles import Role


def make_user(django_user_model, username, role=None, **extra):
    user = django_user_model.objects.create_user(
        username=username,
        password="correct horse battery staple",
        email=f"{username}@example.org",
        first_name=username.capitalize(),
        **extra,
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def administrator(django_user_model):
    return make_user(django_user_model, "ada", Role.ADMINISTRATOR, is_staff=True)


@pytest.fixture
def officer(django_user_model):
    return make_user(django_user_model, "olive", Role.POLICY_OFFICER)


@pytest.fixture
def leader(django_user_model):
    return make_user(django_user_model, "leona", Role.LEADERSHIP)


@pytest.fixture
def staff_member(django_user_model):
    return make_user(django_user_model, "stan", Role.STAFF)


@pytest.fixture
def client_for(client):
    """Log a user in on the test client: `client_for(officer).get(...)`."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def officer_client(client_for, officer):
    return client_for(officer)


@pytest.fixture
def leader_client(client_for, leader):
    return client_for(leader)


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


class _Receiver(BaseHTTPRequestHandler):
    """Records every POST; answers with the next queued (status, headers) or 200."""

    def log_message(self, format, *args):  # noqa: A002  (signature fixed by the base class)
        pass

    def do_POST(self):  # noqa: N802  (name fixed by the base class)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        receiver = self.server.receiver
        status, headers = receiver.answers.pop(0) if receiver.answers else (200, {})
        if status == "drop":
            # The post is taken (it shows in the channel) but the answer is lost: the
            # connection closes without one.
            receiver.requests.append(
                {"path": self.path, "headers": dict(self.headers), "body": body, "status": 200}
            )
            self.close_connection = True
            return
        receiver.requests.append(
            {"path": self.path, "headers": dict(self.headers), "body": body, "status": status}
        )
        self.send_response(status)
        for name, value in {"Content-Length": "2", **headers}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(b"ok")


@pytest.fixture
def webhook_receiver(settings):
    """A real HTTP server on 127.0.0.1 standing in for Slack, Teams or a webhook service.

    Its host:port is on MONITORS_ALLOW_HOSTS (loopback is otherwise refused); `answer(status)`
    queues replies (`answer("drop")`: take the post, then close without answering);
    `accepted` lists the JSON bodies it took.
    """
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    httpd.daemon_threads = True
    receiver = SimpleNamespace(requests=[], answers=[], httpd=httpd)
    receiver.url = f"http://127.0.0.1:{httpd.server_address[1]}/hook"
    receiver.allow = f"127.0.0.1:{httpd.server_address[1]}"
    receiver.answer = lambda status, headers=None: receiver.answers.append((status, headers or {}))
    receiver.accepted = lambda: [
        json.loads(r["body"]) for r in receiver.requests if 200 <= r["status"] < 300
    ]
    httpd.receiver = receiver
    settings.MONITORS_ALLOW_HOSTS = [receiver.allow]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield receiver
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def worker():
    """Run what waits in django-q2's ORM broker, as a worker would: `worker()` takes each
    queued task off the queue, runs it and returns the dotted paths run, in order."""
    from django.utils.module_loading import import_string
    from django_q.brokers import get_broker
    from django_q.signing import SignedPackage

    broker = get_broker()

    def run():
        done = []
        while tasks := broker.dequeue():
            for ack_id, payload in tasks:
                task = SignedPackage.loads(payload)
                import_string(task["func"])(*task["args"], **task["kwargs"])
                broker.acknowledge(ack_id)
                done.append(task["func"])
        return done

    return run
