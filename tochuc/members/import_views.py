"""Member import from the web page: upload, then a progress page polled with htmx."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tochuc.core.permissions import require
from tochuc.core.views import message_of, scoped_view
from tochuc.members.selectors import import_job_get
from tochuc.members.services import member_import_enqueue, member_import_retry


@scoped_view
def import_form(request: HttpRequest) -> HttpResponse:
    require(request.scope, "member.import")
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = "Hãy chọn tệp CSV hoặc XLSX."
        else:
            try:
                job = member_import_enqueue(actor=request.user, scope=request.scope, source=upload.name,
                                            content=upload.read(),
                                            skip_bad_rows=bool(request.POST.get("skip_bad_rows")),
                                            allow_duplicates=bool(request.POST.get("allow_duplicates")))
            except (ValidationError, PermissionDenied) as exc:
                error = message_of(exc)
            else:
                return redirect("member_import:job", job_id=job.pk)
    return render(request, "members/import_form.html", {"error": error}, status=400 if error else 200)


@scoped_view
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    # A job is its uploader's own: anyone else gets a 404, like everything outside a scope.
    job = import_job_get(user=request.user, job_id=job_id)
    return _job_page(request, job)


def _job_page(request: HttpRequest, job, error: str = "") -> HttpResponse:
    template = "members/import_job.html#progress" if request.htmx else "members/import_job.html"
    return render(request, template, {"job": job, "finished": job.status not in ("queued", "running"), "error": error},
                  status=400 if error else 200)


@require_POST
@scoped_view
def import_retry(request: HttpRequest, job_id: int) -> HttpResponse:
    try:
        member_import_retry(actor=request.user, scope=request.scope, job_id=job_id)
    except ValidationError as exc:
        return _job_page(request, import_job_get(user=request.user, job_id=job_id), message_of(exc))
    return redirect("member_import:job", job_id=job_id)
