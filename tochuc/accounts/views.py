"""Login with throttling, and logout."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from tochuc.accounts.logins import login_failure_record, login_pause, login_record, login_throttle, logout_record


def _address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


@never_cache
@csrf_protect
def login_view(request: HttpRequest) -> HttpResponse:
    error = ""
    status = 200
    username = ""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST":
        username = request.POST.get("username", "").strip()
        password = request.POST.get("password", "")
        throttle = login_throttle(username=username, address=_address(request))
        if throttle.account_locked:
            minutes = settings.TOCHUC_LOGIN_WINDOW_SECONDS // 60
            error = _("Tài khoản này đăng nhập sai quá nhiều lần, vui lòng thử lại sau %(minutes)s phút.") % {
                "minutes": minutes}
            status = 429
        else:
            login_pause(throttle)
            user = authenticate(request, username=username, password=password)
            if user is None:
                login_failure_record(username=username, address=_address(request))
                error = _("Tên đăng nhập hoặc mật khẩu không đúng.")
                status = 401
            else:
                login(request, user)
                login_record(user=user, address=_address(request))
                if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                                       require_https=request.is_secure()):
                    next_url = ""
                return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/login.html", {"error": error, "username": username, "next": next_url},
                  status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        logout_record(user=request.user, address=_address(request))
    logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)
