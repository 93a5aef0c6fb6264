"""User accounts for the web app: `goodterms user add|list|passwd|remove`."""

from __future__ import annotations

import click

from goodterms.cli.env import Env

pass_env = click.make_pass_decorator(Env, ensure=True)


def read_password(env: Env, from_stdin: bool) -> str:
    """The new password: the first line of standard input, or typed twice at a prompt."""
    from goodterms.errors import UsageError

    if from_stdin:
        first = env.stdin.readline().decode("utf-8").rstrip("\r\n")
        if not first:
            raise UsageError("no password on standard input")
        return first
    password: str = click.prompt("Password", hide_input=True, confirmation_prompt=True,
                                 err=True)
    return password


@click.group("user")
def user() -> None:
    """Add, list and remove the people who can sign in to the web app."""


@user.command("add")
@click.argument("name")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from the first line of standard input.")
@click.option("--no-password", is_flag=True,
              help="Set no password: print a one-time login link instead.")
@click.option("--base-url", "base", metavar="URL",
              help="Where the server is reached, for the link (see login-link).")
@pass_env
def add(env: Env, name: str, password_stdin: bool, no_password: bool,
        base: str | None) -> None:
    """Add a user NAME, with a network of their own (empty)."""
    from goodterms.errors import UsageError
    from goodterms.store.setup import ensure_database

    if password_stdin and no_password:
        raise UsageError("choose --password-stdin or --no-password, not both")
    ensure_database()
    from goodterms.store.actions import add_user

    password = None if no_password else read_password(env, password_stdin)
    created = add_user(name, password)
    env.say(f"Added the user {created.get_username()}.")
    if no_password:
        from goodterms.cli.serving import base_for, print_login_link

        print_login_link(env, created, base_for(env, base))


@user.command("list")
@pass_env
def list_users(env: Env) -> None:
    """List the users, the owner first."""
    from django.contrib.auth import get_user_model

    from goodterms.store.setup import ensure_database

    ensure_database()
    from goodterms.store.models import Person

    users = list(get_user_model().objects.order_by("pk"))
    if not users:
        env.say("No users yet: the first command (or 'goodterms serve') creates the owner.")
        return
    for n, u in enumerate(users):
        people = Person.objects.filter(owner=u).count()
        seen = (f"last login {u.last_login:%Y-%m-%d %H:%M} UTC" if u.last_login
                else "never logged in")
        password = "" if u.has_usable_password() else ", no password"
        owner = " (owner)" if n == 0 else ""
        env.say(f"{u.get_username()}{owner}: {people} "
                f"{'person' if people == 1 else 'people'}, {seen}{password}")


@user.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from the first line of standard input.")
@pass_env
def passwd(env: Env, name: str, password_stdin: bool) -> None:
    """Set a new password for user NAME (their sessions elsewhere end)."""
    from goodterms.store.setup import ensure_database

    ensure_database()
    from goodterms.store.actions import get_owner, set_password

    get_owner(name)  # an unknown name is reported before the password is asked for
    set_password(name, read_password(env, password_stdin))
    env.say(f"The password of {name} is changed.")


@user.command("remove")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_env
def remove(env: Env, name: str, yes: bool) -> None:
    """Remove user NAME and everything in their network."""
    from goodterms.errors import UsageError
    from goodterms.store.setup import ensure_database

    ensure_database()
    from goodterms.store.actions import get_owner, remove_user

    found = get_owner(name)
    if found.pk == get_owner().pk:
        raise UsageError(f"{name} is the owner and cannot be removed")
    if not yes:
        click.confirm(f"Remove {name} and their whole network?", abort=True, err=True)
    remove_user(name)
    env.say(f"Removed the user {name} and their network.")


COMMANDS = [user]
