"""The web app: `goodterms serve` and `goodterms login-link`."""

from __future__ import annotations

import click

from goodterms.cli.env import Env

pass_env = click.make_pass_decorator(Env, ensure=True)


def base_for(env: Env, given: str | None, host: str = "127.0.0.1", port: int = 8000) -> str:
    """--base-url, else the web.base_url setting, else GOODTERMS_BASE_URL, else the
    address the server listens on."""
    from goodterms.errors import UsageError
    from goodterms.web.links import base_url

    base = given or base_url(host, port, str(env.config.get("web.base_url") or ""))
    if not base.startswith(("http://", "https://")):
        raise UsageError(f"'{base}' is not a web address (it starts with https:// or http://)")
    return base.rstrip("/")


def print_login_link(env: Env, user: object, base: str) -> None:
    from goodterms.web.links import MAX_AGE, login_link

    env.say(f"One-time login link for {user.get_username()} (valid for "  # type: ignore[attr-defined]
            f"{MAX_AGE // 60} minutes, once):")
    env.say(f"  {login_link(user, base)}")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ADDRESS",
              help="The address to listen on (0.0.0.0 for every interface).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="The port to listen on.")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 256),
              help="How many requests are handled at once.")
@click.option("--trusted-proxy", metavar="ADDRESS",
              help="A reverse proxy in front (e.g. 127.0.0.1): its X-Forwarded-For/-Proto/"
                   "-Host headers are believed, so that logins are rate-limited per client.")
@pass_env
def serve(env: Env, host: str, port: int, threads: int, trusted_proxy: str | None) -> None:
    """Run the web app with a production WSGI server (waitress).

    On the first run it creates the owner's account and prints a one-time login link.
    """
    import waitress

    from goodterms.wsgi import application

    owner = env.owner  # migrates the database, creates the owner on first use
    base = base_for(env, None, host, port)
    if not owner.has_usable_password():
        env.say(f"{owner.get_username()} has no password yet.")
        print_login_link(env, owner, base)
    env.say(f"goodterms is serving at {base}/ (Ctrl-C stops it).")
    env.stdout.flush()
    options: dict[str, object] = {}
    if trusted_proxy:
        options = {"trusted_proxy": trusted_proxy, "trusted_proxy_count": 1,
                   "trusted_proxy_headers": "x-forwarded-for x-forwarded-proto "
                                            "x-forwarded-host x-forwarded-port",
                   "clear_untrusted_proxy_headers": True}
    waitress.serve(application, host=host, port=port, threads=threads, ident="goodterms",
                   **options)


@click.command("login-link")
@click.option("--user", "username", metavar="NAME",
              help="For this user (default: the one the global --user names, or the owner).")
@click.option("--base-url", "base", metavar="URL",
              help="Where the server is reached (default: the web.base_url setting, "
                   "GOODTERMS_BASE_URL, or http://127.0.0.1:8000).")
@pass_env
def login_link(env: Env, username: str | None, base: str | None) -> None:
    """Print a one-time login link (for a first login, or a forgotten password)."""
    if username:
        env.username = username
    print_login_link(env, env.owner, base_for(env, base))


COMMANDS = [serve, login_link]
