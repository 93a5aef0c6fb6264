"""The nine built-in rules, one small module each."""

from __future__ import annotations

from goodterms.engine.context import Rule
from goodterms.engine.rules.ask_too_big import AskTooBig
from goodterms.engine.rules.burdensome_meeting import BurdensomeMeeting
from goodterms.engine.rules.ignored_request import IgnoredRequest
from goodterms.engine.rules.misrepresented_relationship import MisrepresentedRelationship
from goodterms.engine.rules.never_offered_help import NeverOfferedHelp
from goodterms.engine.rules.no_follow_up import NoFollowUp
from goodterms.engine.rules.no_thank_you import NoThankYou
from goodterms.engine.rules.overused_referral import OverusedReferral
from goodterms.engine.rules.taking_without_giving import TakingWithoutGiving

BUILTIN_RULES: tuple[Rule, ...] = (
    AskTooBig(),
    NoFollowUp(),
    IgnoredRequest(),
    NeverOfferedHelp(),
    NoThankYou(),
    MisrepresentedRelationship(),
    OverusedReferral(),
    BurdensomeMeeting(),
    TakingWithoutGiving(),
)

__all__ = [
    "BUILTIN_RULES",
    "AskTooBig",
    "BurdensomeMeeting",
    "IgnoredRequest",
    "MisrepresentedRelationship",
    "NeverOfferedHelp",
    "NoFollowUp",
    "NoThankYou",
    "OverusedReferral",
    "TakingWithoutGiving",
]
