"""The compact set of message digests an import keeps (`mail.Seen`)."""

from __future__ import annotations

import sys

from hypothesis import given
from hypothesis import strategies as st

from goodterms.importers.mail import Seen

numbers = st.integers(min_value=0, max_value=2**64 - 1)


@given(st.lists(st.tuples(st.booleans(), numbers | st.sampled_from([0, 1, 2**64 - 1, 7])),
                max_size=400))
def test_it_answers_as_a_set_does(operations):
    seen, expected = Seen(), set()
    seen.RECENT = 4  # so that a few hundred numbers go through many merges
    for add, number in operations:
        if add:
            seen.add(number)
            expected.add(number)
        assert (number in seen) == (number in expected)
    assert len(seen) == len(expected)
    assert all(n in seen for n in expected)
    assert all(len(a) >= 2 * len(b) for a, b in zip(seen.sorted, seen.sorted[1:], strict=False))


def test_a_number_added_twice_is_kept_once_and_the_arrays_stay_few():
    seen = Seen()
    seen.RECENT = 8
    for n in range(1000):
        seen.add(n * 7919 % 1009)  # 1,000 of the numbers 0..1008, in a scattered order
    for n in range(1000):
        seen.add(n * 7919 % 1009)  # again: all of them were merged into arrays by now
    assert len(seen) == 1000  # len counts every copy kept
    assert len(seen.sorted) <= (1000 // 8).bit_length()


def test_it_takes_about_eight_bytes_a_number():
    seen = Seen()
    for n in range(200_000):
        seen.add(n * 0x9E3779B97F4A7C15 % 2**64)
    size = sys.getsizeof(seen.recent) + sum(sys.getsizeof(a) for a in seen.sorted)
    assert size < 12 * 200_000  # a set of ints would take about 60 bytes each
