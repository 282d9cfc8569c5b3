"""The Follow / Unfollow button, for the person page and its htmx fragment."""

from django import template

from stakeholders.models import Follow

register = template.Library()


def following_context(user, person):
    return {
        "person": person,
        "following": Follow.objects.filter(user=user, person=person).exists(),
        "follower_count": person.follows.count(),
    }


@register.inclusion_tag("alerts/_follow_button.html", takes_context=True)
def follow_button(context, person):
    # The request travels with the tag so that `{% csrf_token %}` works in the fragment.
    return {"request": context["request"], **following_context(context["request"].user, person)}
