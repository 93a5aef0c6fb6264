"""How deep a relationship is: from the history (`depth`) and from a label.

Depth is one scale, 0 to 4, shared by every rule that needs it, so "a new
contact" means the same thing in every finding.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo
from functools import lru_cache

from goodterms.engine.index import NetworkIndex, count_before, count_until
from goodterms.engine.model import Snapshot

STRANGER, NEW, ACQUAINTED, ESTABLISHED, CLOSE = 0, 1, 2, 3, 4

DEPTH_NAMES: dict[int, str] = {
    STRANGER: "a stranger",
    NEW: "a new contact",
    ACQUAINTED: "an acquaintance",
    ESTABLISHED: "an established relationship",
    CLOSE: "a close relationship",
}

# The evidence table of the rulebook. These are not user settings: depth must
# mean the same thing in every rule.
ACQUAINTED_INTERACTIONS = 3
ACQUAINTED_KNOWN = timedelta(days=30)
ESTABLISHED_INTERACTIONS = 6
ESTABLISHED_KNOWN = timedelta(days=180)


def depth(
    source: NetworkIndex | Snapshot,
    person_id: str,
    before: datetime,
    *,
    tz: tzinfo | None = None,
    inclusive: bool = False,
) -> int:
    """The depth the recorded history supports, counting evidence before `before`.

    `tz` is only used when `source` is a Snapshot (an index carries its own).
    With `inclusive`, evidence at the very moment counts too (the check itself).
    """
    index = source if isinstance(source, NetworkIndex) else NetworkIndex(source, tz or UTC)
    events = index.of(person_id)
    counted = count_until if inclusive else count_before
    interactions = counted(events.interaction_times, before)
    if interactions == 0:
        return STRANGER
    known_since = events.interaction_times[0]
    met = index.met_at(person_id)
    if met is not None and (met <= before if inclusive else met < before):
        known_since = min(known_since, met)
    known_for = before - known_since
    if interactions < ACQUAINTED_INTERACTIONS or known_for < ACQUAINTED_KNOWN:
        return NEW
    favor_each_way = all(
        favors and (favors[0].at <= before if inclusive else favors[0].at < before)
        for favors in (events.favors_from, events.favors_to)
    )
    if (
        interactions < ESTABLISHED_INTERACTIONS
        or known_for < ESTABLISHED_KNOWN
        or not favor_each_way
    ):
        return ACQUAINTED
    person = index.people.get(person_id)
    return CLOSE if person is not None and person.close else ESTABLISHED


LABELS: dict[str, int] = {
    "new contact": 1,
    "just met": 1,
    "met once": 1,
    "acquaintance": 2,
    "contact": 2,
    "friend of a friend": 2,
    "colleague": 3,
    "former colleague": 3,
    "coworker": 3,
    "co worker": 3,
    "classmate": 3,
    "friend": 3,
    "client": 3,
    "manager": 3,
    "former manager": 3,
    "neighbour": 3,
    "neighbor": 3,
    "close friend": 4,
    "best friend": 4,
    "old friend": 4,
    "longtime friend": 4,
    "mentor": 4,
    "family": 4,
}

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> tuple[str, ...]:
    """The words of a text, lower case, punctuation dropped."""
    return tuple(_WORD.findall(text.lower()))


_PHRASES: dict[tuple[str, ...], int] = {words(label): claimed for label, claimed in LABELS.items()}


_LONGEST = max(len(phrase) for phrase in _PHRASES)


@lru_cache(maxsize=4096)
def claimed_depth(label: str) -> int | None:
    """The depth a label claims, or None when it contains no listed phrase.

    The longest listed phrase (in words) found in the label decides; on a tie
    the higher depth wins.
    """
    label_words = words(label)
    found = [
        (n, _PHRASES[label_words[i : i + n]])
        for n in range(1, _LONGEST + 1)
        for i in range(len(label_words) - n + 1)
        if label_words[i : i + n] in _PHRASES
    ]
    return max(found)[1] if found else None
