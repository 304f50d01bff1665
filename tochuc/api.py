"""The REST API under /api/v1/ (OpenAPI at /api/v1/docs).

Bearer tokens (``tochuc user token USERNAME``) authenticate; every route reads through the
same scoped selectors as the pages, so an object outside the caller's scope is a 404.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from tochuc.accounts.selectors import token_lookup, token_touch
from tochuc.accounts.services import api_token_use_note
from tochuc.core.api_errors import describe


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        found = token_lookup(token)
        if found is None or found.revoked_at is not None or not found.user.is_active:
            raise HttpError(401, _("Mã truy cập API không hợp lệ hoặc đã bị thu hồi."))
        if found.is_expired():
            when = formats.date_format(timezone.localtime(found.expires_at), "d/m/Y") if found.expires_at else ""
            raise HttpError(401, _("Mã truy cập API đã hết hạn (ngày %(date)s); hãy tạo mã mới ở trang "
                                   "«Mã truy cập API».") % {"date": when})
        token_touch(found)
        request.user = found.user
        request.api_token = found
        if request.method in {"POST", "PUT", "PATCH", "DELETE"}:
            # Audited with the write itself (none if the write is refused or writes nothing).
            api_token_use_note(token=found, method=request.method, path=request.path)
        return found.user


api = NinjaAPI(
    title="tochuc API",
    version="1",
    description="API của hệ thống công tác tổ chức xây dựng Đảng. Xác thực: `Authorization: Bearer <mã>`.",
    auth=BearerToken(),
    urls_namespace="api",
)


@api.exception_handler(ObjectDoesNotExist)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Không tìm thấy.")}, status=404)


@api.exception_handler(NinjaValidationError)
def invalid(request, exc):
    return api.create_response(request, describe(exc.errors), status=422)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or _("Không có quyền.")}, status=403)


# Routers register on the api above.
from tochuc.accounts.api import router as accounts_router  # noqa: E402
from tochuc.conferences.api import router as conferences_router  # noqa: E402
from tochuc.congresses.api import router as congresses_router  # noqa: E402
from tochuc.documents.api import router as documents_router  # noqa: E402
from tochuc.meetings.api import router as meetings_router  # noqa: E402
from tochuc.members.api import router as members_router  # noqa: E402
from tochuc.members.import_api import router as member_imports_router  # noqa: E402
from tochuc.reports.api import router as reports_router  # noqa: E402
from tochuc.web.units_api import router as orgs_router  # noqa: E402

api.add_router("/", orgs_router)
api.add_router("/", member_imports_router)  # before members: /members/imports is not /members/{id}
api.add_router("/", members_router)
api.add_router("/", congresses_router)
api.add_router("/", conferences_router)
api.add_router("/", meetings_router)
api.add_router("/", documents_router)
api.add_router("/", reports_router)
api.add_router("/", accounts_router)
