"""What each background worker process does once it has started."""

import gc


def freeze_startup_objects(**signal_arguments) -> None:
    """Put everything loaded at start-up (Django, the apps, the relevance rules) beyond the
    garbage collector's reach.

    A scan allocates millions of short-lived objects, and each full collection would otherwise
    walk every start-up object again: about 8% of a large scan's processor time. A frozen
    object is still freed when nothing refers to it; only cycles among them would be kept.
    """
    gc.freeze()
