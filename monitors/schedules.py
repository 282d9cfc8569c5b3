"""The background schedules monitors declare; `manage.py setup_schedules` creates them."""

SCHEDULES = [
    # name, function, "I" (every N minutes) or "C" (cron), minutes or cron expression
    ("Scan due monitor sources", "monitors.tasks.run_due_scans", "I", 1),
]
