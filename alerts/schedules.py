"""The background schedules alerts declare; `manage.py setup_schedules` creates them."""

SCHEDULES = [
    # name, function, "I" (every N minutes) or "C" (cron), minutes or cron expression
    ("Immediate alerts", "alerts.tasks.send_immediate_alerts", "I", 5),
    # Scans hand what they open to a worker at once; this catches what they could not
    # (retries, back-off, a broker that did not answer).
    ("Post to channels", "alerts.tasks.send_channels", "I", 5),
    ("Daily digest", "alerts.tasks.send_daily_digests", "C", "30 7 * * *"),
    ("Weekly digest", "alerts.tasks.send_weekly_digests", "C", "30 7 * * 1"),
    ("Staff change alerts", "alerts.tasks.send_staff_change_alerts", "I", 15),
    ("Members who left the House", "alerts.tasks.check_members_who_left", "C", "0 6 * * *"),
]
