from django import template
from django.utils.html import format_html

register = template.Library()

OUTCOME_COLOURS = {
    "unknown": "grey",
    "none": "red",
    "in_development": "yellow",
    "in_place": "green",
}
FOLLOW_UP_COLOURS = {"overdue": "red", "open": "blue", "done": "green"}


@register.simple_tag
def outcome_tag(value, label):
    """A local area's progress on one outcome; the text always names it, colour only adds."""
    colour = OUTCOME_COLOURS.get(value, "grey")
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, label)


@register.simple_tag
def follow_up_tag(interaction, today=None):
    state = interaction.follow_up_state(today)
    if not state:
        return ""
    label = {"overdue": "Overdue", "open": "Open", "done": "Done"}[state]
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>', FOLLOW_UP_COLOURS[state], label
    )
