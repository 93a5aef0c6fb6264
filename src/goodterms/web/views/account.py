"""Signing in and out: the login page, the one-time login link, logging out, the password.

Failed logins are rate-limited per user name and per address. The failures are
kept in the database (`goodterms.web.models.LoginFailure`), not in a process's
memory, so the limit holds however many worker processes or servers answer:
five failures for one name, or twenty from one address, within fifteen
minutes, and further attempts are refused (HTTP 429) until the window moves on,
even with the right password. A successful login clears the name's failures.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_http_methods

WINDOW = timedelta(minutes=15)
PER_USERNAME = 5
PER_ADDRESS = 20
LOCKED = ("Too many failed logins: wait a quarter of an hour, then try again "
          "(or ask for a login link: goodterms login-link).")


def client_ip(request: HttpRequest | None) -> str:
    """The address the request came from (behind a trusted proxy, waitress puts the
    client's own address here: see `goodterms serve --trusted-proxy`)."""
    if request is None:
        return ""
    return str(request.META.get("REMOTE_ADDR") or "")


def is_limited(username: str, ip: str) -> bool:
    from goodterms.web.models import LoginFailure

    since = timezone.now() - WINDOW
    recent = LoginFailure.objects.filter(at__gte=since)
    by_name = recent.filter(username=username).count() if username else 0
    by_ip = recent.filter(ip=ip).count() if ip else 0
    return by_name >= PER_USERNAME or by_ip >= PER_ADDRESS


class LimitedAuthenticationForm(AuthenticationForm):
    """Django's login form, refusing to even try once a name or address has failed
    too often (so a correct guess in a brute-force run does not get through)."""

    def clean(self) -> dict[str, Any]:
        username = (self.cleaned_data.get("username") or "").strip().casefold()[:150]
        ip = client_ip(self.request)
        if is_limited(username, ip):
            raise ValidationError(LOCKED, code="rate_limited")
        try:
            return super().clean()
        except ValidationError:
            from goodterms.store.actions import note_login_failure

            note_login_failure(username, ip, timezone.now())
            raise


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    form_class = LimitedAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        from goodterms.store.actions import forget_login_failures

        forget_login_failures(form.get_user().get_username().casefold())
        return super().form_valid(form)

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_invalid(form)
        if any(e.code == "rate_limited" for e in form.non_field_errors().as_data()):
            response.status_code = 429
        return response


@login_not_required
@require_http_methods(["GET", "POST"])
def login_link(request: HttpRequest, token: str) -> HttpResponse:
    """A one-time login link. Opening it shows a button (so that a mail scanner
    fetching the link does not use it up); pressing the button signs in."""
    from goodterms.web.links import user_for_token

    user = user_for_token(token)
    if user is None:
        return render(request, "web/login_link.html", {"valid": False}, status=410)
    if request.method == "GET":
        return render(request, "web/login_link.html", {"valid": True, "who": user})
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, f"Signed in as {user.get_username()}. Choose a password "
                              "to sign in next time.")
    return redirect("web:password")


@require_http_methods(["GET", "POST"])
def password(request: HttpRequest) -> HttpResponse:
    """Set a password (after a login link) or change it."""
    user: Any = request.user
    form_class: Any = PasswordChangeForm if user.has_usable_password() else SetPasswordForm
    form = form_class(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)
        messages.success(request, "Your password is saved.")
        return redirect("web:today")
    return render(request, "web/password.html", {"form": form, "nav": ""})


urlpatterns: list[URLPattern] = [
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("login/link/<str:token>/", login_link, name="login_link"),
    path("account/password/", password, name="password"),
]
