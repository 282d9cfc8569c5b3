"""Every background schedule Waymark runs, declared in one place.

`ensure_schedules()` creates or updates them idempotently; the migrations that need them and
`seed_demo` call it. Cron times are Europe/London (TIME_ZONE), as django-q2 reads them.
"""

from croniter import croniter
from django.utils import timezone

SCHEDULES = [
    # name, function, "I" (every N minutes) or "C" (cron), minutes or cron expression
    ("Scan due monitor sources", "monitors.tasks.run_due_scans", "I", 1),
    ("Immediate alerts", "alerts.tasks.send_immediate_alerts", "I", 5),
    # Scans post what they open at once; this catches what they could not (retries, back-off).
    ("Post to channels", "alerts.tasks.send_channels", "I", 5),
    ("Daily digest", "alerts.tasks.send_daily_digests", "C", "30 7 * * *"),
    ("Weekly digest", "alerts.tasks.send_weekly_digests", "C", "30 7 * * 1"),
    ("Staff change alerts", "alerts.tasks.send_staff_change_alerts", "I", 15),
    ("Members who left the House", "alerts.tasks.check_members_who_left", "C", "0 6 * * *"),
]


def ensure_schedules(schedule_model=None, *, now=None):
    """Create or update every schedule; a migration passes its historical model."""
    if schedule_model is None:
        from django_q.models import Schedule as schedule_model
    now = now or timezone.now()
    for name, func, schedule_type, when in SCHEDULES:
        fields = {"func": func, "schedule_type": schedule_type, "repeats": -1}
        if schedule_type == "C":
            fields["cron"] = when
        else:
            fields["minutes"] = when
        schedule, created = schedule_model.objects.update_or_create(name=name, defaults=fields)
        if created and schedule_type == "C":
            # The first run is the next 07:30, not the moment the schedule is created.
            local_now = timezone.localtime(now)
            schedule.next_run = croniter(when, local_now).get_next(type(local_now))
            schedule.save(update_fields=["next_run"])
    return [name for name, *_ in SCHEDULES]
