"""Finding people by id or name, listing them and showing one."""

from __future__ import annotations

import pytest

from tests.helpers import goodterms


@pytest.fixture
def network():
    for command in (
        'add "Tim Park" --id tim --org Initech',
        'add "Tim Okafor" --id tokafor',
        'add "Dana Ruiz" --id dana --org Acme --title Recruiter --label "old friend"',
        'add "Danielle Ruiz-Smith" --id danielle',
    ):
        assert goodterms(command).code == 0


@pytest.mark.parametrize(("query", "ident"), [
    ("tim", "tim"),  # an id wins over names
    ("Okafor", "tokafor"),
    ("tim park", "tim"),
    ("TIM PARK", "tim"),
    ("dana ruiz", "dana"),  # the exact full name, though "Ruiz" is in two names
    ("park tim", "tim"),  # every word, in any order
])
def test_people_are_found_by_id_or_an_unambiguous_part_of_the_name(network, query, ident):
    result = goodterms(["show", query])
    assert result.code == 0, result.err
    assert f"({ident})" in result.out.splitlines()[0]


def test_an_ambiguous_name_lists_the_candidates(network):
    result = goodterms("show ruiz")
    assert result.code == 2
    assert "'ruiz' matches 2 people" in result.err
    assert "dana" in result.err and "danielle" in result.err


def test_an_unknown_name_says_so_and_suggests_close_ones(network):
    result = goodterms(["show", "Dana Ruis"])
    assert result.code == 3
    assert "nobody called 'Dana Ruis'" in result.err and "Dana Ruiz (dana)" in result.err


def test_people_lists_and_searches(network):
    everyone = goodterms("people")
    assert everyone.code == 0 and "4 people" in everyone.out
    acme = goodterms("people acme")
    assert "Dana Ruiz" in acme.out and "Tim" not in acme.out and "1 person" in acme.out
    assert "Nobody found" in goodterms("people zzz").out


def test_people_as_json(network):
    goodterms("log call dana --at 2026-11-01T10:00")
    rows = goodterms("people --format json").json()
    dana = next(r for r in rows if r["id"] == "dana")
    assert dana["last_contact"] == "2026-11-01T10:00:00+00:00"
    assert dana["org"] == "Acme"


def test_show_prints_details_and_the_timeline_in_order(network):
    goodterms("favor from dana intro --refers-to tim --what 'met Tim' --at 2026-11-03")
    goodterms("log meeting dana -m 'coffee' --at 2026-11-01T08:00")
    goodterms("thanks to dana --at 2026-11-03T20:00")
    result = goodterms("show dana")
    assert "Recruiter, Acme" in result.out and "old friend" in result.out
    lines = result.out.splitlines()
    meeting = next(i for i, x in enumerate(lines) if "meeting" in x)
    favor = next(i for i, x in enumerate(lines) if "favor intro" in x)
    thanks = next(i for i, x in enumerate(lines) if "thanks" in x)
    assert meeting < favor < thanks
    assert "→ Tim Park" in lines[favor]


def test_an_empty_network_says_how_to_start():
    result = goodterms("people")
    assert "Your network is empty" in result.out
