"""One command sets up the schedules every app declares, however often a deploy runs it."""

import io

import pytest
from django.core.management import call_command
from django.utils.module_loading import import_string
from django_q.models import Schedule

from alerts.schedules import SCHEDULES as ALERT_SCHEDULES
from monitors.schedules import SCHEDULES as MONITOR_SCHEDULES
from schedules.setup import declared_schedules

pytestmark = pytest.mark.django_db


def test_setup_schedules_creates_each_apps_schedules_once_however_often_it_runs():
    Schedule.objects.all().delete()

    call_command("setup_schedules", stdout=io.StringIO())
    out = io.StringIO()
    call_command("setup_schedules", stdout=out)

    declared = {name: func for name, func, *_ in MONITOR_SCHEDULES + ALERT_SCHEDULES}
    assert dict(Schedule.objects.values_list("name", "func")) == declared
    assert f"{len(declared)} schedules set up" in out.getvalue()


def test_setup_schedules_puts_back_a_schedule_someone_changed():
    call_command("setup_schedules", stdout=io.StringIO())
    Schedule.objects.filter(name="Scan due monitor sources").update(minutes=60, repeats=0)

    call_command("setup_schedules", stdout=io.StringIO())

    schedule = Schedule.objects.get(name="Scan due monitor sources")
    assert (schedule.minutes, schedule.repeats) == (1, -1)


def test_every_declared_schedule_names_a_function_that_exists():
    for _name, func, *_ in declared_schedules():
        assert callable(import_string(func)), func
