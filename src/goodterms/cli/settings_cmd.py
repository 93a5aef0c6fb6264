"""`goodterms config`: show and change the settings in config.toml."""

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
    rows: list[tuple[str, Any, str, bool]] = []
    for option in OPTIONS:
        rows.append((option.key, cfg.get(option.key), option.description,
                     option.key in cfg.values))
    for rule_id, defaults in sorted(rule_defaults().items()):
        settings = cfg.rule_settings().get(rule_id, {})
        rows.append((f"rules.{rule_id}.enabled", settings.get("enabled", True),
                     "Whether the rule runs.", "enabled" in settings))
        for name, default in sorted(defaults.items()):
            rows.append((f"rules.{rule_id}.{name}", settings.get(name, default), "",
                         name in settings))
    if fmt == "json":
        env.stdout.write(json.dumps({key: value for key, value, _d, _s in rows}, indent=1) + "\n")
        return
    env.say(f"# {cfg.path}")
    for key, value, description, is_set in rows:
        mark = "" if is_set else "  (default)"
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
    env.say(f"{key} is back to its default.")


@config.command("path")
@pass_env
def path(env: Env) -> None:
    """Print where the configuration and the database are."""
    from goodterms.home import database_target

    env.say(f"config:   {env.config.path}")
    env.say(f"database: {database_target().describe()}")


COMMANDS = [config]
