from accounts.roles import can_edit, is_administrator


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"can_edit": False, "is_administrator": False}
    return {"can_edit": can_edit(user), "is_administrator": is_administrator(user)}
