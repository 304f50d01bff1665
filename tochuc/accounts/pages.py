"""Account pages: one's own password and API tokens; administrators' pages for the users of
their subtrees (a user outside them is a 404, like any object outside the scope)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tochuc.accounts import selectors, services
from tochuc.core.permissions import require
from tochuc.core.views import scoped_view

USERS_PAGE = 200


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label=gettext_lazy("Mật khẩu hiện tại"), strip=False,
                                   widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    new_password = forms.CharField(label=gettext_lazy("Mật khẩu mới"), strip=False,
                                   widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    new_password2 = forms.CharField(label=gettext_lazy("Nhập lại mật khẩu mới"), strip=False,
                                    widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("new_password") and data.get("new_password") != data.get("new_password2"):
            self.add_error("new_password2", _("Hai lần nhập mật khẩu mới không khớp."))
        return data


class PasswordSetForm(forms.Form):
    password = forms.CharField(label=gettext_lazy("Mật khẩu mới"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    reason = forms.CharField(label=gettext_lazy("Lý do"), required=False, max_length=500)


class DeactivateForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Lý do"), required=False, max_length=500)


def _apply_errors(form: forms.Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, problems in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, exc.messages)


@scoped_view
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            revoked = services.user_password_change(actor=request.user, old_password=form.cleaned_data["old_password"],
                                                    new_password=form.cleaned_data["new_password"])
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            update_session_auth_hash(request, request.user)  # stay logged in here; other sessions end
            messages.success(request, _("Đã đổi mật khẩu.") + (
                " " + _("%(n)s mã truy cập API đã bị thu hồi.") % {"n": len(revoked)} if revoked else ""))
            return redirect("accounts:password")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/password.html", {"form": form}, status=status)


@scoped_view
def my_tokens(request: HttpRequest) -> HttpResponse:
    new_token = ""
    if request.method == "POST":
        new_token = services.api_token_create(actor=request.user, user=request.user, reason=_("Tạo trên trang web"))
    return render(request, "accounts/tokens.html",
                  {"tokens": selectors.user_tokens(user=request.user), "new_token": new_token,
                   "token_days": settings.TOCHUC_TOKEN_DAYS})


@require_POST
@scoped_view
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = selectors.token_get(scope=request.scope, actor=request.user, token_id=token_id)
    services.api_token_revoke(actor=request.user, token=token, reason=request.POST.get("reason", "")[:500] or None)
    messages.success(request, _("Đã thu hồi mã %(prefix)s….") % {"prefix": token.prefix})
    if token.user_id == request.user.pk:
        return redirect("accounts:tokens")
    return redirect("accounts:user", user_id=token.user_id)


def _require_admin(request: HttpRequest) -> None:
    require(request.scope, "user.manage")


@scoped_view
def user_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    query = request.GET.get("q", "").strip()
    users = selectors.managed_users(scope=request.scope)
    if query:
        users = users.filter(username__icontains=query)
    page = list(users[: USERS_PAGE + 1])
    more, page = len(page) > USERS_PAGE, page[:USERS_PAGE]
    units = selectors.units_by_user(page)
    rows = [{"user": u, "units": units[u.pk]} for u in page]
    return render(request, "accounts/users.html", {"rows": rows, "query": query, "more": more})


def _user_page(request: HttpRequest, user, *, password_form=None, deactivate_form=None, status=200) -> HttpResponse:
    context = {"target": user, "units": selectors.units_by_user([user])[user.pk],
               "tokens": selectors.user_tokens(user=user), "is_self": user.pk == request.user.pk,
               "password_form": password_form or PasswordSetForm(),
               "deactivate_form": deactivate_form or DeactivateForm()}
    return render(request, "accounts/user.html", context, status=status)


@scoped_view
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    _require_admin(request)
    return _user_page(request, selectors.user_get(scope=request.scope, user_id=user_id))


@require_POST
@scoped_view
def user_password(request: HttpRequest, user_id: int) -> HttpResponse:
    _require_admin(request)
    user = selectors.user_get(scope=request.scope, user_id=user_id)
    form = PasswordSetForm(request.POST)
    if form.is_valid():
        try:
            services.user_password_set(actor=request.user, scope=request.scope, user=user,
                                       password=form.cleaned_data["password"], reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Đã đặt lại mật khẩu của %(name)s.") % {"name": user.username})
            return redirect("accounts:user", user_id=user.pk)
    return _user_page(request, user, password_form=form, status=400)


@require_POST
@scoped_view
def user_deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    _require_admin(request)
    user = selectors.user_get(scope=request.scope, user_id=user_id)
    form = DeactivateForm(request.POST)
    if not form.is_valid():
        return _user_page(request, user, deactivate_form=form, status=400)
    services.user_deactivate(actor=request.user, scope=request.scope, user=user, reason=form.cleaned_data["reason"])
    messages.success(request, _("Đã khóa tài khoản %(name)s.") % {"name": user.username})
    return redirect("accounts:user", user_id=user.pk)
