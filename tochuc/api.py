"""The REST API under /api/v1/ (OpenAPI at /api/v1/docs).

Bearer tokens (``tochuc user token USERNAME``) authenticate; every route reads through the
same scoped selectors as the pages, so an object outside the caller's scope is a 404.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from tochuc.accounts.selectors import user_for_token
from tochuc.core.api_errors import describe


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


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
from tochuc.conferences.api import router as conferences_router  # noqa: E402
from tochuc.congresses.api import router as congresses_router  # noqa: E402
from tochuc.documents.api import router as documents_router  # noqa: E402
from tochuc.meetings.api import router as meetings_router  # noqa: E402
from tochuc.members.api import router as members_router  # noqa: E402
from tochuc.members.import_api import router as member_imports_router  # noqa: E402
from tochuc.orgs.api import router as orgs_router  # noqa: E402
from tochuc.reports.api import router as reports_router  # noqa: E402

api.add_router("/", orgs_router)
api.add_router("/", member_imports_router)  # before members: /members/imports is not /members/{id}
api.add_router("/", members_router)
api.add_router("/", congresses_router)
api.add_router("/", conferences_router)
api.add_router("/", meetings_router)
api.add_router("/", documents_router)
api.add_router("/", reports_router)
