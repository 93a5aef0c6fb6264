"""The goodterms rule engine: network snapshot in, findings out.

Pure Python: no Django, no database, no files, no clock. The moment of the
check (`as_of`) and the user's time zone are always passed in.
"""

from goodterms.engine.check import CheckResult, RuleError, cut, run_check
from goodterms.engine.context import Context, Rule, SettingValue, action_finding, warning_finding
from goodterms.engine.depth import DEPTH_NAMES, claimed_depth, depth
from goodterms.engine.from_journal import snapshot_from_journal_dicts
from goodterms.engine.give_first import Idea, give_first
from goodterms.engine.index import NetworkIndex
from goodterms.engine.know import know
from goodterms.engine.model import (
    ME,
    Favor,
    Finding,
    Interaction,
    Offer,
    Person,
    Request,
    RequestUpdate,
    Share,
    Snapshot,
    Thanks,
)
from goodterms.engine.preflight import PLANNED_ASK, preflight_ask
from goodterms.engine.rules import BUILTIN_RULES
from goodterms.engine.templates import DEFAULT_TEMPLATES

__all__ = [
    "BUILTIN_RULES",
    "DEFAULT_TEMPLATES",
    "DEPTH_NAMES",
    "ME",
    "PLANNED_ASK",
    "CheckResult",
    "Context",
    "Favor",
    "Finding",
    "Idea",
    "Interaction",
    "NetworkIndex",
    "Offer",
    "Person",
    "Request",
    "RequestUpdate",
    "Rule",
    "RuleError",
    "SettingValue",
    "Share",
    "Snapshot",
    "Thanks",
    "action_finding",
    "claimed_depth",
    "cut",
    "depth",
    "give_first",
    "know",
    "preflight_ask",
    "run_check",
    "snapshot_from_journal_dicts",
    "warning_finding",
]
