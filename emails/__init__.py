"""One builder for every email Waymark sends, below every app (no models), so any app can mail.

Each email type `name` has three templates side by side under `templates/emails/`:
`<name>-subject.txt`, `<name>-body.txt` and `<name>-body.html`. Third-party text (feed titles,
question headings) can reach a subject line, so subjects are flattened to one line and trimmed:
a title with a line break cannot add a header. A subject is a header, not HTML: its template
switches autoescaping off (`{% autoescape off %}`), as the text bodies do, so "Children's
services" is not sent as "Children&#x27;s services".
"""

import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string

MAX_SUBJECT_LENGTH = 200
_LINE_BREAKS = re.compile(r"[\r\n\t\x0b\x0c\x85\u2028\u2029]+")


def one_line(text: str, limit: int = MAX_SUBJECT_LENGTH) -> str:
    """Collapse any line breaks and runs of white space; never longer than `limit`."""
    flat = " ".join(_LINE_BREAKS.sub(" ", text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def make_message(name, to, context, *, headers=None):
    context = {"site_url": settings.SITE_URL, **context}
    subject = one_line(render_to_string(f"emails/{name}-subject.txt", context))
    text = render_to_string(f"emails/{name}-body.txt", context)
    html = render_to_string(f"emails/{name}-body.html", context)
    safe_headers = {key: one_line(str(value), 998) for key, value in (headers or {}).items()}
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        headers={"Auto-Submitted": "auto-generated", **safe_headers},
    )
    message.attach_alternative(html, "text/html")
    return message


def send_email(name, to, context, *, headers=None, connection=None):
    """Build and send one message; raises if the server does not accept it."""
    message = make_message(name, to, context, headers=headers)
    message.connection = connection or get_connection(fail_silently=False)
    message.send(fail_silently=False)
    return message
