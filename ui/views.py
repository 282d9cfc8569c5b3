"""The views every app's pages share: the staff picker's search, and the door browsers report
Content-Security-Policy violations through.

The CSP report view is a deliberate public door: browsers send reports without cookies or CSRF
tokens, so it needs no sign-in and is CSRF-exempt. All a stranger can do with it is add a
bounded number of short, escaped lines to the log: it reads at most CSP_REPORT_MAX_BYTES, keeps
a few known fields of at most a few reports, cuts each field short, never stores anything and
never echoes input back. The staff search is signed-in only, like every other page.
"""

import json
import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import editors
from accounts.staff import active_staff, all_staff
from ui.forms import user_name
from ui.pickers import picker_response

logger = logging.getLogger("waymark.csp")


@require_GET
def staff_choices(request):
    """Active users matching a picker's search: the lists' owner and assignee filters."""
    return picker_response(request, active_staff(), label=user_name)


@require_GET
def editor_choices(request):
    """Officers and administrators matching a picker's search: the forms' owners and assignees
    (`ui.forms.govuk_wording` offers the same users)."""
    return picker_response(request, editors(all_staff()), label=user_name)


FIELDS = (
    "document-uri",
    "documentURL",
    "violated-directive",
    "effective-directive",
    "effectiveDirective",
    "blocked-uri",
    "blockedURL",
    "source-file",
    "sourceFile",
    "line-number",
    "lineNumber",
    "disposition",
)
MAX_REPORTS = 10
MAX_FIELD_CHARS = 300


def _reports(payload):
    """The violation bodies in either format: report-uri's {"csp-report": {...}} or the
    Reporting API's [{"type": "csp-violation", "body": {...}}, ...]."""
    if isinstance(payload, dict) and isinstance(payload.get("csp-report"), dict):
        return [payload["csp-report"]]
    if isinstance(payload, list):
        return [
            entry["body"]
            for entry in payload
            if isinstance(entry, dict) and isinstance(entry.get("body"), dict)
        ]
    return []


@csrf_exempt
@login_not_required
@require_POST
def csp_report(request):
    limit = settings.CSP_REPORT_MAX_BYTES
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return HttpResponse(status=413)
    body = request.read(limit + 1)
    if len(body) > limit:
        return HttpResponse(status=413)
    try:
        reports = _reports(json.loads(body))
    except (ValueError, UnicodeDecodeError):
        return HttpResponse(status=400)
    if not reports:
        return HttpResponse(status=400)
    for report in reports[:MAX_REPORTS]:
        fields = {
            name: str(report[name])[:MAX_FIELD_CHARS]
            for name in FIELDS
            if name in report and report[name] not in (None, "")
        }
        # JSON with ASCII escapes: a report cannot forge a log line with a newline.
        logger.warning("Content-Security-Policy violation %s", json.dumps(fields, sort_keys=True))
    return HttpResponse(status=204)
