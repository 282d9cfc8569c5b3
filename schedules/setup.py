"""Create or update every schedule the installed apps declare.

An app's `schedules.py` holds `SCHEDULES`, a list of (name, function, kind, when): kind "I"
runs every `when` minutes, kind "C" on the cron expression `when`. Cron times are
Europe/London (TIME_ZONE), as django-q2 reads them.
"""

import importlib

from croniter import croniter
from django.apps import apps
from django.utils import timezone
from django.utils.module_loading import module_has_submodule


def declared_schedules():
    """Every app's declarations, in INSTALLED_APPS order."""
    declared = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "schedules"):
            declared += importlib.import_module(f"{config.name}.schedules").SCHEDULES
    return declared


def ensure_schedules(schedule_model=None, *, now=None):
    """Create or update every declared schedule; a migration passes its historical model.

    Returns the names, in order. Safe to run any number of times: schedules are matched by
    name, and a cron schedule created now first runs at its next time, not at once.
    """
    if schedule_model is None:
        from django_q.models import Schedule as schedule_model
    now = now or timezone.now()
    declared = declared_schedules()
    for name, func, schedule_type, when in declared:
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
    return [name for name, *_ in declared]
