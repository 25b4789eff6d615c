"""The account page (API tokens, two-factor sign-in) and the second step of signing in."""

import io
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from caselaw.accounts import tokens, two_factor
from caselaw.accounts.models import ApiToken, TwoFactorPolicy
from caselaw.models import CaseMembership


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        help_text="What the token is for, e.g. “nightly docket sync”.",
        error_messages={"required": "Give the token a name."},
    )
    days = forms.TypedChoiceField(
        label="Expires after",
        choices=list(tokens.LIFETIMES.items()),
        coerce=int,
        initial=tokens.DEFAULT_LIFETIME,
    )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Give the token a name.")
        return name


class CodeForm(forms.Form):
    code = forms.CharField(
        max_length=40,
        label="Code",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


@never_cache
@login_required
def account(request, *, token_form=None, new_secret="", status=200):
    user = request.user
    context = {
        "memberships": CaseMembership.objects.filter(user=user)
        .select_related("case")
        .order_by("case__short_name"),
        "tokens": ApiToken.objects.filter(user=user).select_related("revoked_by"),
        "token_form": token_form or TokenForm(),
        "new_secret": new_secret,
        "two_factor_on": two_factor.is_on(user),
        "recovery_codes_left": two_factor.recovery_codes_left(user),
        "two_factor_required": TwoFactorPolicy.current().covers(user),
    }
    return render(request, "accounts/account.html", context, status=status)


@never_cache
@login_required
@require_POST
def token_create(request):
    form = TokenForm(request.POST)
    if not form.is_valid():
        return account(request, token_form=form, status=400)
    token, secret = tokens.create_token(user=request.user, **form.cleaned_data)
    # Shown in this answer only: it is not stored anywhere we could show it from again.
    return account(request, new_secret=secret)


@login_required
@require_POST
def token_revoke(request, token_id: int):
    token = ApiToken.objects.visible_to(request.user).select_related("user").filter(pk=token_id).first()
    if token is None:
        raise Http404("No such token.")
    if tokens.revoke_token(token=token, by=request.user):
        messages.success(request, f"Revoked the token “{token.name}”. Scripts using it now get 401.")
    return redirect("account")


def qr_svg(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]  # inline: no XML declaration


@never_cache
@login_required
def two_factor_setup(request):
    """Turn two-factor sign-in on (QR code, then a code from the app), or manage it."""
    user = request.user
    if two_factor.is_on(user):
        return render(request, "accounts/two_factor_on.html", two_factor_context(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.turn_on(request, code=form.cleaned_data["code"])
        if codes is not None:
            return render(
                request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url(request)}
            )
        form.add_error(
            "code", refusal("That code is not the one the app shows now. Try the current code.", user)
        )
    device = two_factor.setup_device(user)
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr": mark_safe(qr_svg(device.config_url)),  # our own SVG: paths only, no text from users
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "required": two_factor.pending_step(request) == two_factor.ENROL,
        "next": next_url(request),
    }
    return render(request, "accounts/two_factor_setup.html", context, status=400 if form.errors else 200)


def two_factor_context(request, **extra) -> dict:
    return {
        "codes_left": two_factor.recovery_codes_left(request.user),
        "required": TwoFactorPolicy.current().covers(request.user),
        "form": CodeForm(),
        **extra,
    }


@never_cache
@login_required
@require_POST
def recovery_codes_renew(request):
    form = CodeForm(request.POST)
    codes = (
        two_factor.new_recovery_codes(request, code=form.cleaned_data["code"]) if form.is_valid() else None
    )
    if codes is None:
        context = two_factor_context(
            request, renew_error=refusal("That code was not accepted.", request.user)
        )
        return render(request, "accounts/two_factor_on.html", context, status=400)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "renewed": True})


@never_cache
@login_required
@require_POST
def two_factor_off(request):
    form = CodeForm(request.POST)
    if not (form.is_valid() and two_factor.turn_off(request, code=form.cleaned_data["code"])):
        context = two_factor_context(request, off_error=refusal("That code was not accepted.", request.user))
        return render(request, "accounts/two_factor_on.html", context, status=400)
    messages.success(
        request, "Two-factor sign-in is off; your authenticator and recovery codes no longer work."
    )
    return redirect("two_factor_setup" if two_factor.pending_step(request) else "account")


@never_cache
@login_required
def two_factor_verify(request):
    """The second step of signing in."""
    if two_factor.pending_step(request) != two_factor.VERIFY:
        return redirect(next_url(request))
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        outcome = two_factor.verify(request, code=form.cleaned_data["code"])
        if outcome == "ok":
            return redirect(next_url(request))
        if outcome == "locked":
            from django.contrib.auth import logout

            from caselaw.signin import lockout_response

            logout(request)
            return lockout_response(request)
        form.add_error("code", refusal("That code was not accepted.", request.user))
        status = 400
    elif request.method == "POST":
        status = 400
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": next_url(request)}, status=status
    )


def refusal(message: str, user) -> str:
    wait = two_factor.wait_before_next_try(user)
    if wait:
        seconds = int(wait.total_seconds()) + 1
        message += (
            f" After a wrong code, wait {seconds} second{'s' if seconds != 1 else ''} before the next try."
        )
    return message


def next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"
