"""Background schedules: each app declares its own in `<app>/schedules.py`; this app creates
them, idempotently, with `manage.py setup_schedules` (run by every deploy and by `make run`).

It imports no app: it finds the declarations the way Django finds `admin.py`, by looking for a
`schedules` module in each installed app.
"""
