from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from health import checks


@login_not_required  # a deliberate public door for uptime monitors: it shows no data or secrets
@never_cache
@require_GET
def healthz(request):
    body, healthy = checks.report()
    return JsonResponse(body, status=200 if healthy else 503)
