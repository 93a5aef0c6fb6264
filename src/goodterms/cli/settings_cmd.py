"""`goodterms config`: show and change the acting user's settings.

A user's own settings are stored in the database, on top of config.toml (the
installation's defaults, which anybody running the server may edit by hand).
"""

from __future__ import annotations

import json
from typing import Any

import click

from goodterms.cli.env import Env

pass_env = click.make_pass_decorator(Env, ensure=True)


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(value) if value else "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@click.group("config", invoke_without_command=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.pass_context
def config(ctx: click.Context, fmt: str) -> None:
    """Show your settings (and each rule's), or change them with 'config set'."""
    if ctx.invoked_subcommand is not None:
        return
    from goodterms.config import OPTIONS
    from goodterms.plugins import rule_defaults

    env = ctx.ensure_object(Env)
    cfg = env.config
    rows: list[tuple[str, Any, str, str]] = []
    for option in OPTIONS:
        rows.append((option.key, cfg.get(option.key), option.description,
                     cfg.source(option.key)))
    for rule_id, defaults in sorted(rule_defaults().items()):
        settings = cfg.rule_settings().get(rule_id, {})
        key = f"rules.{rule_id}.enabled"
        rows.append((key, settings.get("enabled", True), "Whether the rule runs.",
                     cfg.source(key)))
        for name, default in sorted(defaults.items()):
            key = f"rules.{rule_id}.{name}"
            rows.append((key, settings.get(name, default), "", cfg.source(key)))
    if fmt == "json":
        env.stdout.write(json.dumps({key: value for key, value, _d, _s in rows}, indent=1) + "\n")
        return
    env.say(f"# settings of {env.owner.get_username()}, on top of {cfg.path}")
    for key, value, description, source in rows:
        mark = "" if source == "set" else f"  ({source})"
        env.say(f"{key} = {_shown(value)}{mark}")
        if description and not key.startswith("rules."):
            env.say(f"    {description}")


@config.command("set")
@click.argument("key")
@click.argument("value")
@pass_env
def set_(env: Env, key: str, value: str) -> None:
    """Change a setting, e.g. 'config set timezone Europe/Paris' or
    'config set me.emails ana@example.com,ana.b@work.example'."""
    from goodterms.plugins import rule_defaults

    cfg = env.config
    stored = cfg.set(key, value, rule_defaults())
    cfg.save()
    env.say(f"{key} = {_shown(stored)}")


@config.command("unset")
@click.argument("key")
@pass_env
def unset(env: Env, key: str) -> None:
    """Return a setting to its default."""
    from goodterms.plugins import rule_defaults

    cfg = env.config
    cfg.unset(key, rule_defaults())
    cfg.save()
    if cfg.source(key) == "config.toml":
        env.say(f"{key} = {_shown(cfg.get(key))} (from {cfg.path})")
    else:
        env.say(f"{key} is back to its default.")


@config.command("path")
@pass_env
def path(env: Env) -> None:
    """Print where the installation's config.toml and the database are."""
    from goodterms.home import database_target

    env.say(f"config:   {env.file_config.path}")
    env.say(f"database: {database_target().describe()}")


COMMANDS = [config]
