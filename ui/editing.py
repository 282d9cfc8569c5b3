"""Create, edit and delete flows shared by every record type."""

from django.contrib import messages
from django.db import transaction
from django.db.models import ProtectedError
from django.shortcuts import redirect, render


def save_form(request, form_class, *, template, instance=None, context=None, **form_kwargs):
    """Show the form; on a valid POST save it and go to the saved record."""
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, instance=instance, **form_kwargs)
        if form.is_valid():
            with transaction.atomic():
                obj = form.save()
            verb = "updated" if instance is not None else "created"
            messages.success(request, f"{obj._meta.verbose_name.capitalize()} {verb}: {obj}")
            return redirect(obj)
    else:
        form = form_class(instance=instance, **form_kwargs)
    return render(request, template, {"form": form, "object": instance, **(context or {})})


def confirm_delete(request, obj, *, success_url, template="ui/confirm_delete.html", instead=None):
    """Confirm a deletion, naming what goes with the record, or refuse and say what to do instead.

    A model may say why it cannot be deleted (`deletion_blocked_by()`, a sentence) and what is
    deleted with it (`deletion_consequences()`, a list of phrases); a PROTECT foreign key that
    still holds is refused with the same page. `instead` is an optional (label, url) of the
    action to offer in place of deleting (for example, closing a campaign).
    """
    blocked_by = getattr(obj, "deletion_blocked_by", lambda: "")()
    consequences = getattr(obj, "deletion_consequences", list)()
    if request.method == "POST" and not blocked_by:
        label = f"{obj._meta.verbose_name.capitalize()} deleted: {obj}"
        try:
            with transaction.atomic():
                obj.delete()
        except ProtectedError:
            blocked_by = "Other records still depend on it."
        else:
            messages.success(request, label)
            return redirect(success_url)
    response = render(
        request,
        template,
        {
            "object": obj,
            "verbose_name": obj._meta.verbose_name,
            "cancel_url": obj.get_absolute_url(),
            "blocked_by": blocked_by,
            "consequences": consequences,
            "instead": instead,
        },
    )
    if blocked_by and request.method == "POST":
        response.status_code = 409
    return response
