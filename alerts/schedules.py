"""The alert schedules, declared here and created idempotently (migration and seed_demo)."""

SCHEDULES = [
    # name, function, schedule type, cron or minutes
    ("Daily digest", "alerts.tasks.send_daily_digests", "C", "30 7 * * *"),
    ("Weekly digest", "alerts.tasks.send_weekly_digests", "C", "30 7 * * 1"),
    ("Immediate alerts", "alerts.tasks.send_immediate_alerts", "I", 5),
]


def ensure_schedules(schedule_model=None):
    """Create or update the schedules; takes the model so a migration can pass its own."""
    if schedule_model is None:
        from django_q.models import Schedule as schedule_model
    for name, func, schedule_type, when in SCHEDULES:
        fields = {"func": func, "schedule_type": schedule_type, "repeats": -1}
        if schedule_type == "C":
            fields["cron"] = when
        else:
            fields["minutes"] = when
        schedule_model.objects.update_or_create(name=name, defaults=fields)
    return [name for name, *_ in SCHEDULES]
