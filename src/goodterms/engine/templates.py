"""Default drafts, as `string.Template` texts the user can override by name.

Placeholders: `$name` is the first name of the person the draft is for,
`$other` the third person (full name), `$what` what it is about in the user's
own words, `$date` a day ("3 Nov 2026"), `$smaller` an ask that fits, and
`$to` whom something was passed on to. Unknown placeholders are left as they
are (`safe_substitute`), so an override can never make a check fail.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from string import Template

DEFAULT_TEMPLATES: dict[str, str] = {
    "thank_you": "Hi $name, thank you so much: you $what. I really appreciate it.",
    "acknowledge": ("Hi $name, thanks again: you $what. I'll keep you posted on what comes of it."),
    "follow_up": (
        "Hi $name, $other suggested I get in touch with you. Would you have 20 minutes"
        " for a call in the next few days? I'm glad to fit around your schedule."
    ),
    "close_loop": (
        "Hi $name, a quick update: I spoke with $other on $date, thanks to you."
        " <How it went, in a sentence or two.> Thank you again for making it happen."
    ),
    "offer_help": (
        "Hi $name, is there anything I can do for you? An introduction, a second pair"
        " of eyes on something: just say, I'd be glad to help."
    ),
    "renew_offer": (
        "Hi $name, it's been a while since I asked: is there anything I can help you"
        " with these days? I'd be glad to return the favor."
    ),
    "reply_request": "Hi $name, about your request ($what): <your answer>.",
    "decline_request": (
        "Hi $name, about your request ($what): I'm sorry, I can't help with this one, and I"
        " wanted to give you a clear answer rather than leave you waiting."
    ),
    "smaller_ask": (
        "Hi $name, would you have time for $smaller? If now isn't a good moment, no problem at all."
    ),
    "check_ask": "Hi $name, may I ask you something? Please say no if it's too much: $what.",
    "ask_permission": (
        "Hi $name, I passed on $other's contact to $to without asking you first;"
        " I'm sorry. Is that all right with you? Next time I'll check with you before."
    ),
    "new_contact_meeting": (
        "Hi $name, I'd be glad to come to you: which day, time and place suit you best?"
    ),
}


def render(templates: Mapping[str, str], template: str, /, **values: str) -> str:
    """Fill in a draft; a template missing from `templates` falls back to the default."""
    text = templates.get(template, DEFAULT_TEMPLATES.get(template, ""))
    return _compiled(text).safe_substitute(values)


@lru_cache(maxsize=256)
def _compiled(text: str) -> Template:
    return Template(text)


def merged(overrides: Mapping[str, str] | None) -> dict[str, str]:
    """The default templates with the user's overrides laid over them."""
    return {**DEFAULT_TEMPLATES, **(overrides or {})}
