from goodterms.engine import DEFAULT_TEMPLATES

from .netbuilder import Net


def net() -> Net:
    return Net().person("tim", "Tim Park").favor("f1", "2026-11-03T10:00", "tim", what="sent my CV")


def test_the_default_thank_you_draft_uses_the_first_name_and_what_they_did() -> None:
    [finding] = net().check("2026-11-03T12:00", "no-thank-you")
    assert 'Send Tim a thank-you: "Hi Tim, thank you so much: you sent my CV.' in finding.action


def test_a_template_can_be_overridden_by_name() -> None:
    templates = {"thank_you": "Cheers $name for $what! $unknown"}
    [finding] = net().check("2026-11-03T12:00", "no-thank-you", templates=templates)
    assert '"Cheers Tim for sent my CV! $unknown"' in finding.action


def test_every_default_template_is_valid() -> None:
    from string import Template

    for text in DEFAULT_TEMPLATES.values():
        assert Template(text).is_valid()
