"""Create, edit and delete flows shared by every record type."""

from django.contrib import messages
from django.db import transaction
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


def confirm_delete(request, obj, *, success_url, template="ui/confirm_delete.html"):
    if request.method == "POST":
        label = f"{obj._meta.verbose_name.capitalize()} deleted: {obj}"
        obj.delete()
        messages.success(request, label)
        return redirect(success_url)
    return render(request, template, {"object": obj, "cancel_url": obj.get_absolute_url()})
