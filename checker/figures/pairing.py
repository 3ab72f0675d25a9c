"""Which figures are about the same thing, and so may be compared at all.

Same kind and unit; the same event (detained / arrested / held are one) where both name one, and
the same subject where both name one, with at least one of the two shared (a generic subject
such as "people" alone is not enough); no disagreement of period (periods.differ) or place.
A year compares only with a year about the same event.
"""

from __future__ import annotations

from checker.figures.extract import Figure
from checker.figures.periods import differ

GENERIC_SUBJECTS = {"people", "men", "women"}


def conflicting_attributes(a: Figure, b: Figure) -> bool:
    """Kind, unit, event or subject stated by both and different."""
    return (
        a.kind != b.kind
        or a.unit != b.unit
        or (a.event is not None and b.event is not None and a.event != b.event)
        or (a.subject is not None and b.subject is not None and a.subject != b.subject)
    )


def same_thing(a: Figure, b: Figure) -> bool:
    if conflicting_attributes(a, b):
        return False
    if a.kind == "age":
        return True
    if differ(a.period, b.period, years_only=a.kind == "percent") or (a.place and b.place and a.place != b.place):
        return False
    shared_event = a.event is not None and a.event == b.event
    if a.kind == "year":
        return shared_event
    if a.unit:  # "38 days" with "38 days"; never "15 days" of arrest with an unexplained "38 days"
        return shared_event or (a.event is None and b.event is None)
    shared_subject = a.subject is not None and a.subject == b.subject and a.subject not in GENERIC_SUBJECTS
    return shared_event or shared_subject
