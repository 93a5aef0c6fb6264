import pytest

from goodterms.engine import claimed_depth


@pytest.mark.parametrize(
    ("label", "claimed"),
    [
        ("close friend from school", 4),
        ("friend of a friend", 2),
        ("old colleague", 3),
        ("Former Manager", 3),
        ("met once, at PyCon", 1),
        ("new contact", 1),
        ("contact", 2),
        ("my mentor!", 4),
        ("Friend-of-a-friend", 2),
        ("best friend", 4),
        ("neighbour", 3),
    ],
)
def test_it_reads_the_depth_a_label_claims(label: str, claimed: int) -> None:
    assert claimed_depth(label) == claimed


@pytest.mark.parametrize("label", ["", "recruiter", "friendly recruiter", "contacts at Acme"])
def test_it_does_not_judge_a_label_without_a_listed_phrase(label: str) -> None:
    assert claimed_depth(label) is None


def test_the_higher_depth_wins_a_tie() -> None:
    assert claimed_depth("contact, and a friend") == 3
