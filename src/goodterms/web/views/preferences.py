"""Settings: the user's addresses, time zone and each rule's switch and thresholds.

The same settings as `goodterms config`: each value is read and checked by
`Config.set` (so the web refuses exactly what the CLI refuses), and the user's
own values are stored with `save_settings` for the signed-in user only, on top
of config.toml. A value the user leaves as it was keeps coming from config.toml
or its default; "Reset" forgets the user's own value (`goodterms config unset`).
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path

from goodterms.web.common import user_config

GENERAL = ("me.emails", "me.names", "timezone", "detect.apply_threshold")
SOURCES = {"set": "set by you", "config.toml": "from config.toml", "default": "default"}


@dataclass
class Field:
    key: str
    label: str
    description: str
    kind: str
    text: str  # the value as the form shows it
    checked: bool
    source: str
    error: str = ""

    @property
    def html_id(self) -> str:
        return "s-" + self.key.replace(".", "-")

    @property
    def source_text(self) -> str:
        return SOURCES[self.source]


@lru_cache(maxsize=1)
def timezones() -> list[str]:
    return sorted(zoneinfo.available_timezones())


def as_text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _label(name: str) -> str:
    return name.replace("_", " ").replace(".", " ").capitalize()


def current_fields(config: Any, rules: dict[str, dict[str, Any]]) -> tuple[list[Field], list[
        tuple[str, str, list[Field]]]]:
    """The general settings, and for each rule its description and fields."""
    from goodterms.config import OPTIONS_BY_KEY

    general = []
    for key in GENERAL:
        option = OPTIONS_BY_KEY[key]
        value = config.get(key)
        label = {"me.emails": "Your email addresses", "me.names": "Your names",
                 "timezone": "Time zone",
                 "detect.apply_threshold": "Record mail detections without asking from"}[key]
        general.append(Field(key, label, option.description, option.kind, as_text(value),
                             bool(value) if option.kind == "bool" else False,
                             config.source(key)))
    from goodterms.plugins import load_rules

    descriptions = {r.id: str(getattr(r, "description", "") or "") for r in load_rules().rules}
    changed = config.rule_settings()
    per_rule = []
    for rule_id, defaults in sorted(rules.items()):
        mine = changed.get(rule_id, {})
        key = f"rules.{rule_id}.enabled"
        enabled = bool(mine.get("enabled", True))
        fields = [Field(key, "On", "Whether the rule runs.", "bool", as_text(enabled),
                        enabled, config.source(key))]
        for name, default in sorted(defaults.items()):
            key = f"rules.{rule_id}.{name}"
            value = mine.get(name, default)
            from goodterms.config import kind_of_default

            fields.append(Field(key, _label(name), f"Default: {as_text(default)}.",
                                kind_of_default(default), as_text(value), False,
                                config.source(key)))
        per_rule.append((rule_id, descriptions.get(rule_id, ""), fields))
    return general, per_rule


def _effective(config: Any, key: str, rules: dict[str, dict[str, Any]]) -> Any:
    if not key.startswith("rules."):
        return config.get(key)
    rule_id, _, name = key[len("rules."):].partition(".")
    default = True if name == "enabled" else rules[rule_id][name]
    return config.rule_settings().get(rule_id, {}).get(name, default)


def preferences(request: HttpRequest) -> HttpResponse:
    from goodterms.errors import ConfigError
    from goodterms.plugins import rule_defaults
    from goodterms.store.actions import load_settings, save_settings

    rules = rule_defaults()
    config = user_config(request)
    general, per_rule = current_fields(config, rules)
    every = general + [f for _r, _d, fields in per_rule for f in fields]
    status = 200
    if request.method == "POST":
        # A fresh copy: nothing is kept unless every value is right.
        config = load_settings(request.user, rules)
        reset = request.POST.get("reset")
        if reset:
            if reset not in {f.key for f in every}:
                return HttpResponse("Unknown setting.", status=400)
            config.unset(reset, rules)
            save_settings(request.user, config.values)
            back = "config.toml" if config.source(reset) != "default" else "its default"
            messages.success(request, f"{reset} is back to {back}.")
            return redirect("web:settings")
        errors = 0
        changed: list[str] = []
        for f in every:
            if f.kind == "bool":
                text = "true" if request.POST.get(f.key) else "false"
            else:
                text = request.POST.get(f.key, f.text)
            before = _effective(config, f.key, rules)
            kept = dict(config.values)
            try:
                value = config.set(f.key, text, rules)
            except ConfigError as exc:
                f.error, f.text, errors = str(exc), text, errors + 1
                continue
            if value == before and f.source != "set":
                config.values = kept  # unchanged: it keeps coming from config.toml or default
            elif value != before:
                changed.append(f.key)
            f.text = as_text(value)
            if f.kind == "bool":
                f.checked = bool(value)
        if not errors:
            save_settings(request.user, config.values)
            messages.success(request, "Saved." if changed else "Nothing changed.")
            return redirect("web:settings")
        status = 400
    return render(request, "web/settings.html", {
        "nav": "settings", "general": general, "rules": per_rule, "timezones": timezones(),
        "error_count": sum(1 for f in every if f.error), "config_path": config.path,
    }, status=status)


urlpatterns: list[URLPattern] = [
    path("settings/", preferences, name="settings"),
]
