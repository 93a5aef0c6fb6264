"""The user's configuration: GOODTERMS_HOME/config.toml.

Every setting is declared once, in `OPTIONS` (name, type, default, description);
rule settings (`rules.<rule-id>.enabled` and each threshold) are declared by the
rules themselves through their `defaults`, so a plugin rule is configured exactly
like a built-in one.
"""

from __future__ import annotations

import os
import tempfile
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from goodterms.errors import ConfigError
from goodterms.home import config_path


def system_timezone() -> str:
    """The IANA name of this machine's time zone, UTC when it cannot be told."""
    try:
        import tzlocal

        name = tzlocal.get_localzone_name()
    except Exception:  # tzlocal raises several kinds on odd systems
        name = None
    return name or "UTC"


@dataclass(frozen=True)
class Option:
    key: str
    kind: str  # "str", "list", "bool", "int", "float", "timezone"
    default: Any
    description: str

    def default_value(self) -> Any:
        return self.default() if callable(self.default) else self.default


OPTIONS: tuple[Option, ...] = (
    Option(
        "timezone",
        "timezone",
        system_timezone,
        "Your time zone, an IANA name such as Europe/Paris; days end at midnight here.",
    ),
    Option(
        "me.names",
        "list",
        [],
        "Your own names, so that imported files recognise you and never make you a contact.",
    ),
    Option(
        "me.emails",
        "list",
        [],
        "Your own email addresses, to tell your messages from theirs when importing mail.",
    ),
    Option(
        "detect.apply_threshold",
        "float",
        0.9,
        "How sure a detection in your mail must be (0 to 1) to be recorded without asking; "
        "below it, it waits in 'goodterms review'.",
    ),
    Option("imap.host", "str", "", "Your mail server, for 'goodterms sync imap' "
           "(e.g. imap.example.org)."),
    Option("imap.port", "int", 0, "Its port; 0 means 993 with ssl, 143 with starttls or "
           "none."),
    Option("imap.user", "str", "", "Your login on the mail server, often your address."),
    Option("imap.folders", "list", [], "The folders to read; none means the Inbox and the "
           "Sent folder."),
    Option("imap.security", "str", "ssl", "ssl (TLS from the start), starttls (plain text, "
           "then TLS) or none (no encryption: only to a server on this machine)."),
    Option("imap.cafile", "str", "", "A CA file (PEM) whose certificates to trust too, for "
           "a server with a self-signed certificate."),
    Option("digest.to", "str", "", "Where your daily digest goes ('goodterms digest --send'); "
           "empty means the first of me.emails."),
    Option("digest.send_empty", "bool", False, "Send the digest on a day with nothing to do "
           "too (it says so); by default such a day sends nothing."),
    Option("smtp.host", "str", "", "The mail server that sends the digest "
           "(e.g. smtp.example.org)."),
    Option("smtp.port", "int", 0, "Its port; 0 means 587 with starttls, 465 with ssl, "
           "25 with none."),
    Option("smtp.user", "str", "", "The login on that server; empty means no login. The "
           "password comes from GOODTERMS_SMTP_PASSWORD or the system keyring, never from "
           "a setting."),
    Option("smtp.security", "str", "starttls", "starttls (plain text, then TLS), ssl (TLS "
           "from the start) or none (no encryption: never with a password, except on this "
           "machine)."),
    Option("smtp.from", "str", "", "The digest's From address; empty means smtp.user when "
           "it is an address, else the digest's own address."),
    Option("smtp.cafile", "str", "", "A CA file (PEM) whose certificates to trust too, for "
           "a mail server with a self-signed certificate."),
    Option("web.base_url", "str", "", "Where your goodterms server is reached from outside, "
           "such as https://goodterms.example.org: the start of the calendar feed's URL "
           "('goodterms feed url') and of login links ('goodterms login-link')."),
)
OPTIONS_BY_KEY = {o.key: o for o in OPTIONS}
RULES_PREFIX = "rules."


def parse_value(kind: str, text: str, key: str) -> Any:
    """A value typed on the command line, converted to the option's type."""
    text = text.strip()
    if kind == "list":
        return [item.strip() for item in text.split(",") if item.strip()]
    if kind == "bool":
        low = text.lower()
        if low in ("true", "yes", "on", "1"):
            return True
        if low in ("false", "no", "off", "0"):
            return False
        raise ConfigError(f"{key} takes true or false, not '{text}'")
    if kind == "int":
        try:
            return int(text)
        except ValueError:
            raise ConfigError(f"{key} takes a whole number, not '{text}'") from None
    if kind == "float":
        try:
            return float(text)
        except ValueError:
            raise ConfigError(f"{key} takes a number, not '{text}'") from None
    return text


def check_value(kind: str, value: Any, key: str) -> Any:
    """The value itself when it fits the option's type, else a ConfigError."""
    if kind == "timezone":
        if not isinstance(value, str):
            raise ConfigError(f"{key} must be a time zone name such as Europe/Paris")
        try:
            ZoneInfo(value)
        except Exception:
            raise ConfigError(
                f"{key}: unknown time zone '{value}' (use an IANA name such as Europe/Paris)"
            ) from None
        return value
    if kind == "list":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{key} must be a list of texts")
        if key == "me.emails":
            for address in value:
                if "@" not in address or " " in address.strip():
                    raise ConfigError(f"{key}: '{address}' is not an email address")
            return [address.strip().lower() for address in value]
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise ConfigError(f"{key} must be true or false")
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{key} must be a whole number")
        if value < 0:
            raise ConfigError(f"{key} cannot be negative")
        return value
    if kind == "float":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"{key} must be a number")
        if value < 0:
            raise ConfigError(f"{key} cannot be negative")
        return float(value)
    if not isinstance(value, str):
        raise ConfigError(f"{key} must be a text")
    if key in ("digest.to", "smtp.from") and value.strip() and (
            "@" not in value or " " in value.strip()):
        raise ConfigError(f"{key}: '{value}' is not an email address")
    if key == "smtp.security" and value not in ("starttls", "ssl", "none"):
        raise ConfigError(f"{key} takes starttls, ssl or none, not '{value}'")
    if key == "imap.security" and value not in ("ssl", "starttls", "none"):
        raise ConfigError(f"{key} takes ssl, starttls or none, not '{value}'")
    return value


def kind_of_default(default: Any) -> str:
    if isinstance(default, bool):
        return "bool"
    if isinstance(default, int):
        return "int"
    if isinstance(default, float):
        return "float"
    if isinstance(default, list | tuple):
        return "list"
    return "str"


RuleDefaults = Mapping[str, Mapping[str, Any]]
"""For each rule id, its thresholds and their defaults."""


def rule_option(key: str, rules: RuleDefaults) -> Option | None:
    """The declared option for `rules.<id>.<name>`, or None for an unknown rule."""
    rest = key[len(RULES_PREFIX) :]
    rule_id, _, name = rest.partition(".")
    if rule_id not in rules:
        return None
    if name == "enabled":
        return Option(key, "bool", True, "Whether the rule runs at all.")
    defaults = rules[rule_id]
    if name not in defaults:
        known = ", ".join(["enabled", *sorted(defaults)])
        raise ConfigError(f"{key}: rule '{rule_id}' has no setting '{name}' (it has: {known})")
    default = defaults[name]
    return Option(key, kind_of_default(default), default, f"A threshold of rule {rule_id}.")


@dataclass
class Config:
    """Settings in layers: the user's own `values`, then `base` (config.toml when the
    user's settings live in the database), then each option's default."""

    path: Path
    values: dict[str, Any] = field(default_factory=dict)  # flat "a.b" -> value, as stored
    base: dict[str, Any] = field(default_factory=dict)
    saver: Callable[[Config], None] | None = None  # None: `values` are config.toml's

    def get(self, key: str) -> Any:
        if key in self.values:
            return self.values[key]
        if key in self.base:
            return self.base[key]
        option = OPTIONS_BY_KEY.get(key)
        if option is None:
            raise ConfigError(f"unknown setting '{key}'")
        return option.default_value()

    @property
    def timezone_name(self) -> str:
        return str(self.get("timezone"))

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone_name)

    @property
    def me_emails(self) -> list[str]:
        return list(self.get("me.emails"))

    @property
    def me_names(self) -> list[str]:
        return list(self.get("me.names"))

    def rule_settings(self) -> dict[str, dict[str, Any]]:
        """`{rule_id: {name: value}}` for every rule setting the user changed."""
        out: dict[str, dict[str, Any]] = {}
        for key, value in {**self.base, **self.values}.items():
            if key.startswith(RULES_PREFIX):
                rule_id, _, name = key[len(RULES_PREFIX) :].partition(".")
                out.setdefault(rule_id, {})[name] = value
        return out

    def set(self, key: str, text: str, rules: RuleDefaults | None = None) -> Any:
        option = self._option(key, rules)
        value = check_value(option.kind, parse_value(option.kind, text, key), key)
        self.values[key] = value
        return value

    def unset(self, key: str, rules: RuleDefaults | None = None) -> None:
        self._option(key, rules)
        self.values.pop(key, None)

    def _option(self, key: str, rules: RuleDefaults | None) -> Option:
        if key.startswith(RULES_PREFIX):
            option = rule_option(key, rules or {})
            if option is None:
                rule_id = key[len(RULES_PREFIX) :].partition(".")[0]
                known = ", ".join(sorted(rules or {}))
                raise ConfigError(f"{key}: no rule called '{rule_id}' (rules: {known})")
            return option
        option = OPTIONS_BY_KEY.get(key)
        if option is None:
            known = ", ".join(OPTIONS_BY_KEY)
            raise ConfigError(f"unknown setting '{key}' (settings: {known}, rules.<rule>.<name>)")
        return option

    def source(self, key: str) -> str:
        """Where a setting's value comes from: "set", "config.toml" or "default"."""
        if key in self.values:
            return "set"
        return "config.toml" if key in self.base else "default"

    def save(self) -> None:
        if self.saver is not None:
            self.saver(self)
            return
        import tomli_w

        nested: dict[str, Any] = {}
        for key, value in sorted(self.values.items()):
            parts = _split_key(key)
            node = nested
            for part in parts[:-1]:
                node = node.setdefault(part, {})
            node[parts[-1]] = value
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = tomli_w.dumps(nested)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".config-", suffix=".toml")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, self.path)


def _split_key(key: str) -> list[str]:
    if key.startswith(RULES_PREFIX):
        rule_id, _, name = key[len(RULES_PREFIX) :].partition(".")
        return ["rules", rule_id, name]
    return key.split(".")


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):  # every setting is a plain value: a table is a section
            flat.update(_flatten(value, full + "."))
        else:
            flat[full] = value
    return flat


def load_config(
    path: Path | None = None, rules: RuleDefaults | None = None
) -> Config:
    """Read and check config.toml; a missing file is an empty configuration."""
    path = path or config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config(path)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    config = Config(path)
    for key, value in _flatten(data).items():
        try:
            if key.startswith(RULES_PREFIX):
                option = rule_option(key, rules) if rules is not None else None
                if option is None:
                    # A rule that is not installed (now): keep its settings untouched.
                    config.values[key] = value
                    continue
            else:
                option = OPTIONS_BY_KEY.get(key)
                if option is None:
                    raise ConfigError(f"unknown setting '{key}'")
            config.values[key] = check_value(option.kind, value, key)
        except ConfigError as exc:
            raise ConfigError(f"{path}: {exc}") from None
    return config


