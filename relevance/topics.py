"""The topics a relevant item is filed under, as officers and subscribers see them."""

from __future__ import annotations

TOPICS: dict[str, str] = {
    "missing_children": "Missing children",
    "missing_adults": "Missing adults",
    "missing_from_care": "Children missing from care",
    "return_interviews": "Return home interviews",
    "exploitation_and_missing": "Exploitation and going missing",
    "dementia_and_missing": "Dementia and going missing",
    "unaccompanied_asylum_seeking_children_missing": (
        "Unaccompanied asylum-seeking children going missing"
    ),
    "missing_persons_policing": "Policing of missing persons (including APP)",
    "families_of_missing_people": "Families of missing people",
    "mental_health_and_missing": "Mental health and going missing",
    "missing_persons_legislation_guardianship": "Missing persons law and guardianship",
    "children_missing_education_safeguarding": "Children missing education (safeguarding)",
}


def topic_label(slug: str) -> str:
    """Display label for a topic slug; an unknown slug (say, from older stored data) is shown
    as is rather than breaking the page."""
    return TOPICS.get(slug, slug)
