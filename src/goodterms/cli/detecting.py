"""`goodterms detect`: what a message says, on its own (no database)."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from goodterms.cli.env import Env

pass_env = click.make_pass_decorator(Env, ensure=True)


def _acts(text: str) -> dict[str, Any]:
    from goodterms.detect import detect as find_acts

    return {"acts": [{"act": a.act, "confidence": round(a.confidence, 3), "text": a.text}
                     for a in find_acts(text)]}


@click.command("detect")
@click.argument("file", required=False, default="-")
@click.option("--lines", is_flag=True, help="Each input line is a text of its own.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@pass_env
def detect(env: Env, file: str, lines: bool, fmt: str) -> None:
    """Find thanks, requests, commitments, offers, introductions and favors in FILE
    (one RFC 822 message or plain text; - or nothing for standard input)."""
    from pathlib import Path

    from goodterms.detect.message import body_text, looks_like_message, new_text
    from goodterms.errors import NotFound

    if file == "-":
        raw = env.stdin.read() if env.stdin is not None else sys.stdin.buffer.read()
    else:
        try:
            raw = Path(file).expanduser().read_bytes()
        except FileNotFoundError:
            raise NotFound(f"{file}: no such file") from None
    if lines:
        texts = raw.decode("utf-8", "replace").splitlines()
    elif looks_like_message(raw):
        texts = [new_text(body_text(raw))]
    else:
        texts = [raw.decode("utf-8", "replace")]
    for text in texts:
        found = _acts(text)
        if fmt == "json":
            env.stdout.write(json.dumps(found, ensure_ascii=False) + "\n")
            continue
        if not found["acts"] and not lines:
            env.say("Nothing detected.")
        for act in found["acts"]:
            env.say(f"{act['act']:<11} {act['confidence']:.2f}  {act['text']}")


COMMANDS = [detect]
