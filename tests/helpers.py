"""Running goodterms commands in-process, as a user would type them."""

from __future__ import annotations

import io
import json
import shlex
from dataclasses import dataclass
from typing import Any

from goodterms.cli import run
from goodterms.cli.env import Env


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)

    def lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]


def goodterms(command: str | list[str], stdin: bytes = b"") -> Result:
    args = shlex.split(command) if isinstance(command, str) else command
    out, err = io.StringIO(), io.StringIO()
    env = Env(stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    code = run(args, env)
    return Result(code, out.getvalue(), err.getvalue())
