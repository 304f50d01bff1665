"""Congress pages: the congress, its summons, check-in with live attendance, delegate allocation,
elections (candidates, ballot entry by two tellers, counting, further rounds, release), the
counting minutes and the big-screen results.

Thin views (DESIGN.md): reads through ``tochuc.congresses.selectors`` with ``request.scope``,
writes through ``tochuc.congresses.services``; ``scoped_view`` turns out-of-scope ids into 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tochuc.congresses import minutes as minutes_doc
from tochuc.congresses import selectors, services
from tochuc.congresses.models import (
    AllocationLine,
    Candidate,
    CandidateSource,
    CongressKind,
    DelegateCategory,
    ElectionKind,
    EntryMode,
    Layout,
    RoleKind,
)
from tochuc.core.permissions import allows
from tochuc.core.views import day_param, message_of, scoped_view
from tochuc.members.models import Member
from tochuc.orgs.models import UnitVersion

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _run(request: HttpRequest, action, success: str | None = None):
    """Call a service; report its Vietnamese error as a message instead of failing the page."""
    try:
        value = action()
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, message_of(exc))
        return None, False
    if success:
        messages.success(request, success)
    return value, True


def _int(value, default=None):
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


# --- Congresses --------------------------------------------------------------------------------


@scoped_view
def congress_list(request: HttpRequest) -> HttpResponse:
    return render(request, "congresses/list.html", {
        "congresses": selectors.congress_list(scope=request.scope), "kinds": CongressKind.choices,
        "can_write": allows(request.scope, "congress.manage")})


@scoped_view
@require_POST
def congress_create(request: HttpRequest) -> HttpResponse:
    p = request.POST
    starts, ends = day_param(p.get("starts_on")), day_param(p.get("ends_on") or p.get("starts_on"))
    cutoff = day_param(p.get("cutoff_on"))
    if not (starts and ends and cutoff):
        messages.error(request, _("Cần ngày khai mạc, ngày bế mạc và ngày chốt danh sách (YYYY-MM-DD)."))
        return redirect("congresses:list")

    def create():
        return services.congress_create(
            actor=request.user, scope=request.scope, unit_code=p.get("unit_code", "").strip(), kind=p.get("kind", ""),
            starts_on=starts, ends_on=ends, cutoff_on=cutoff, term=p.get("term", "").strip() or "2025–2030",
            name=p.get("name", ""), place=p.get("place", ""))

    try:
        congress, ok = _run(request, create)
    except UnitVersion.DoesNotExist:
        messages.error(request, _("Không có tổ chức mã «%(code)s» trong phạm vi.") % {"code": p.get("unit_code", "")})
        return redirect("congresses:list")
    return redirect("congresses:detail", congress_id=congress.pk) if ok else redirect("congresses:list")


@scoped_view
def congress_detail(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = selectors.congress_get(scope=request.scope, congress_id=congress_id)
    roles = selectors.user_roles(congress, request.user)
    return render(request, "congresses/detail.html", {
        "congress": congress, "unit_name": selectors.congress_unit_name(congress),
        "figures": selectors.attendance(congress), "sessions": congress.sessions.all(),
        "elections": congress.elections.all(), "election_kinds": ElectionKind.choices, "layouts": Layout.choices,
        "roles": selectors.roles_of(congress), "role_kinds": RoleKind.choices, "my_roles": roles,
        "can_grant": selectors.can_grant_roles(congress, request.user, request.scope),
        "counting_members": congress.counting_members.all(), "can_write": allows(request.scope, "congress.manage")})


@scoped_view
@require_POST
def congress_roles(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = selectors.congress_get(scope=request.scope, congress_id=congress_id)
    p = request.POST
    if p.get("action") == "revoke":
        _run(request, lambda: services.congress_role_revoke(
            actor=request.user, scope=request.scope, congress=congress, username=p.get("username", ""),
            role=p.get("role", "")), _("Đã thu hồi vai trò."))
    else:
        _run(request, lambda: services.congress_role_grant(
            actor=request.user, scope=request.scope, congress=congress, username=p.get("username", "").strip(),
            role=p.get("role", "")), _("Đã giao vai trò."))
    return redirect("congresses:detail", congress_id=congress.pk)


@scoped_view
@require_POST
def congress_session(request: HttpRequest, congress_id: int) -> HttpResponse:
    from datetime import datetime

    from django.utils import timezone

    congress = selectors.congress_get(scope=request.scope, congress_id=congress_id)
    try:
        starts = timezone.make_aware(datetime.fromisoformat(request.POST.get("starts_at", "")))
    except ValueError:
        messages.error(request, _("Thời gian bắt đầu phiên không hợp lệ."))
        return redirect("congresses:detail", congress_id=congress.pk)
    _run(request, lambda: services.congress_session_add(actor=request.user, scope=request.scope, congress=congress,
                                                        title=request.POST.get("title", "").strip() or _("Phiên"),
                                                        starts_at=starts), _("Đã thêm phiên."))
    return redirect("congresses:detail", congress_id=congress.pk)


@scoped_view
@require_POST
def congress_counting(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = selectors.congress_get(scope=request.scope, congress_id=congress_id)
    people = []
    for line in request.POST.get("members", "").splitlines():
        name, _sep, position = line.partition("—") if "—" in line else line.partition("-")
        if name.strip():
            people.append((name.strip(), position.strip()))
    _run(request, lambda: services.counting_members_set(actor=request.user, scope=request.scope, congress=congress,
                                                        members=people), _("Đã lưu Ban kiểm phiếu."))
    return redirect("congresses:detail", congress_id=congress.pk)


# --- Summons -----------------------------------------------------------------------------------


@scoped_view
def summons(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = selectors.congress_get(scope=request.scope, congress_id=congress_id)
    delegates = list(congress.delegates.select_related("replaced_by").order_by("number"))
    substitutes = [d for d in delegates if d.category == DelegateCategory.SUBSTITUTE]
    return render(request, "congresses/summons.html", {
        "congress": congress, "delegates": delegates, "substitutes": substitutes,
        "figures": selectors.attendance(congress), "categories": DelegateCategory.choices,
        "can_write": allows(request.scope, "congress.manage")})


@scoped_view
@require_POST
def summons_generate(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = selectors.congress_get(scope=request.scope, congress_id=congress_id)
    count, ok = _run(request, lambda: services.summons_generate(actor=request.user, scope=request.scope,
                                                                congress=congress))
    if ok:
        messages.success(request, _("Đã lập danh sách triệu tập: %(n)s người.") % {"n": count})
    return redirect("congresses:summons", congress_id=congress.pk)


@scoped_view
@require_POST
def delegate_add(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = selectors.congress_get(scope=request.scope, congress_id=congress_id)

    member_id = None
    card = request.POST.get("card_number", "").strip()
    if card:
        member_id = Member.objects.filter(card_number=card).values_list("id", flat=True).first() or -1
    try:
        _run(request, lambda: services.delegate_add(
            actor=request.user, scope=request.scope, congress=congress, category=request.POST.get("category", ""),
            member_id=member_id, full_name=request.POST.get("full_name", ""),
            branch_name=request.POST.get("branch_name", "")), _("Đã thêm vào danh sách triệu tập."))
    except Member.DoesNotExist:
        messages.error(request, _("Không có đảng viên số thẻ «%(card)s» trong phạm vi.") % {"card": card})
    return redirect("congresses:summons", congress_id=congress.pk)


@scoped_view
@require_POST
def delegate_update(request: HttpRequest, delegate_id: int) -> HttpResponse:
    delegate = selectors.delegate_get(scope=request.scope, delegate_id=delegate_id)
    flags = {name: request.POST.get(name) == "on" for name in services.EXCLUSION_FLAGS}
    substitute = None
    if _int(request.POST.get("replaced_by")):
        substitute = delegate.congress.delegates.filter(pk=_int(request.POST.get("replaced_by"))).first()
    _run(request, lambda: services.delegate_update(actor=request.user, scope=request.scope, delegate=delegate,
                                                   flags=flags, note=request.POST.get("note", ""),
                                                   replaced_by=substitute), _("Đã cập nhật %(name)s.") % {
        "name": delegate.full_name})
    return redirect(reverse("congresses:summons", args=[delegate.congress_id]) + f"#d{delegate.pk}")


@scoped_view
def delegate_card(request: HttpRequest, delegate_id: int) -> HttpResponse:
    """The printable delegate card with the QR code the check-in desk scans."""
    import segno

    delegate = selectors.delegate_get(scope=request.scope, delegate_id=delegate_id)
    qr = segno.make(services.qr_payload(delegate), error="m")
    return render(request, "congresses/card.html", {
        "delegate": delegate, "congress": delegate.congress, "qr": qr.png_data_uri(scale=6, border=2),
        "unit_name": selectors.congress_unit_name(delegate.congress)})


# --- Check-in ----------------------------------------------------------------------------------


@scoped_view
def checkin(request: HttpRequest, congress_id: int) -> HttpResponse:
    from django.utils import timezone

    from tochuc.congresses.models import CheckIn

    congress = selectors.congress_get(scope=request.scope, congress_id=congress_id)
    sessions = list(congress.sessions.all())
    started = [s for s in sessions if s.starts_at <= timezone.now()]
    chosen_session = next((s for s in sessions if s.pk == _int(request.POST.get("session"))), None) or (
        started[-1] if started else sessions[0] if sessions else None)
    context = {"congress": congress, "figures": selectors.attendance(congress),
               "can_write": allows(request.scope, "congress.manage"),
               "matches": [], "done": None, "error": "", "query": "", "sessions": sessions,
               "session": chosen_session}
    if request.method == "POST":
        query = request.POST.get("q", "").strip()[:120]
        chosen = _int(request.POST.get("delegate"))
        context["query"] = query
        try:
            delegate = congress.delegates.get(pk=chosen) if chosen else None
            context["done"] = services.delegate_check_in(actor=request.user, scope=request.scope, congress=congress,
                                                         query=query, delegate=delegate, session=chosen_session)
            context["query"] = ""
        except (ValidationError, PermissionDenied) as exc:
            context["error"] = message_of(exc)
            if query and not query.upper().startswith(services.QR_PREFIX):
                context["matches"] = selectors.delegate_search(congress=congress, query=query)
        context["figures"] = selectors.attendance(congress)
    context["recent"] = list(CheckIn.objects.filter(delegate__congress=congress).select_related("delegate", "session")
                             .order_by("-at", "-id")[:10])
    template = "congresses/checkin.html#desk" if request.htmx else "congresses/checkin.html"
    return render(request, template, context)


@scoped_view
def attendance_panel(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = selectors.congress_get(scope=request.scope, congress_id=congress_id)
    return render(request, "congresses/_attendance.html", {"congress": congress,
                                                           "figures": selectors.attendance(congress)})


# --- Allocation --------------------------------------------------------------------------------


@scoped_view
def allocation(request: HttpRequest, congress_id: int) -> HttpResponse:
    from tochuc.congresses import conf

    congress = selectors.congress_get(scope=request.scope, congress_id=congress_id)
    from tochuc.congresses.models import Allocation

    current = Allocation.objects.filter(congress=congress).first()
    lines = list(current.lines.all()) if current else []
    return render(request, "congresses/allocation.html", {
        "congress": congress, "allocation": current, "lines": lines, "default_minimum": conf.min_delegates_per_unit(),
        "total_final": sum(line.final for line in lines), "can_write": allows(request.scope, "congress.manage")})


@scoped_view
@require_POST
def allocation_propose(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = selectors.congress_get(scope=request.scope, congress_id=congress_id)
    _run(request, lambda: services.allocation_propose(
        actor=request.user, scope=request.scope, congress=congress, total=_int(request.POST.get("total"), 0),
        minimum_per_unit=_int(request.POST.get("minimum")), cutoff_on=day_param(request.POST.get("cutoff_on", ""))),
        _("Đã lập phương án phân bổ."))
    return redirect("congresses:allocation", congress_id=congress.pk)


@scoped_view
@require_POST
def allocation_edit(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = selectors.congress_get(scope=request.scope, congress_id=congress_id)
    for line in AllocationLine.objects.filter(allocation__congress=congress):
        value = _int(request.POST.get(f"line-{line.pk}"))
        if value is not None and value != line.final:
            _run(request, lambda line=line, value=value: services.allocation_line_set(
                actor=request.user, scope=request.scope, line=line, final=value,
                reason=request.POST.get("reason", "")))
    return redirect("congresses:allocation", congress_id=congress.pk)


# --- Elections ---------------------------------------------------------------------------------


@scoped_view
@require_POST
def election_create(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = selectors.congress_get(scope=request.scope, congress_id=congress_id)
    election, ok = _run(request, lambda: services.election_create(
        actor=request.user, scope=request.scope, congress=congress, kind=request.POST.get("kind", ""),
        seats=_int(request.POST.get("seats"), 0), layout=request.POST.get("layout", Layout.STRIKE),
        decided_max_surplus=_int(request.POST.get("decided_max_surplus"))))
    return redirect("congresses:election", election_id=election.pk) if ok else redirect(
        "congresses:detail", congress_id=congress.pk)


def _election_context(request: HttpRequest, election) -> dict:
    congress = election.congress
    rounds = list(election.rounds.prefetch_related("candidates"))
    for round_ in rounds:
        round_.reconciliation = selectors.round_reconciliation(round_) if round_.status == "open" else None
        round_.entered = selectors.entry_counts(round_) if round_.status == "open" else {}
    roles = selectors.user_roles(congress, request.user)
    check = services.candidate_check(election) if election.candidates.exists() else None
    candidates = list(election.candidates.all())
    present = selectors.attendance(congress).present
    for c in candidates:  # the share of attendees who agreed to list a floor nominee (> 30% needed)
        c.share = minutes_doc.percent(c.support, present) if c.support is not None and present else ""
    return {"congress": congress, "election": election, "candidates": candidates, "check": check,
            "rounds": rounds, "roles": roles, "can_write": allows(request.scope, "congress.manage"),
            "show_results": selectors.can_see_results(election, request.user),
            "elected": selectors.elected_names(election), "log": election.log.order_by("-id")[:30],
            "log_ok": services.election_log_verify(election), "sources": CandidateSource.choices,
            "modes": EntryMode.choices}


@scoped_view
def election_detail(request: HttpRequest, election_id: int) -> HttpResponse:
    election = selectors.election_get(scope=request.scope, election_id=election_id)
    return render(request, "congresses/election.html", _election_context(request, election))


@scoped_view
@require_POST
def election_action(request: HttpRequest, election_id: int) -> HttpResponse:
    """The election page's buttons: add/remove a candidate, open the first round, release."""
    election = selectors.election_get(scope=request.scope, election_id=election_id)
    p, user, scope = request.POST, request.user, request.scope
    action = p.get("action", "")
    if action == "candidate_add":
        _run(request, lambda: services.candidate_add(
            actor=user, scope=scope, election=election, full_name=p.get("full_name", ""),
            source=p.get("source", CandidateSource.PREPARED), support=_int(p.get("support"))))
    elif action == "candidate_remove":
        candidate = Candidate.objects.filter(election=election, pk=_int(p.get("candidate"))).first()
        if candidate is not None:
            _run(request, lambda: services.candidate_remove(actor=user, scope=scope, candidate=candidate))
    elif action == "round_open":
        _run(request, lambda: services.round_open(actor=user, scope=scope, election=election,
                                                  issued=_int(p.get("issued")), mode=p.get("mode", EntryMode.BALLOTS)),
             _("Đã mở vòng bầu."))
    elif action == "release":
        _run(request, lambda: services.election_release(actor=user, scope=scope, election=election),
             _("Đã công bố kết quả."))
    return redirect("congresses:election", election_id=election.pk)


@scoped_view
@require_POST
def round_action(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = selectors.round_get(scope=request.scope, round_id=round_id)
    p, user, scope = request.POST, request.user, request.scope
    action = p.get("action", "")
    if action == "issued":
        _run(request, lambda: services.round_set_issued(actor=user, scope=scope, round_=round_,
                                                        issued=_int(p.get("issued"), -1)),
             _("Đã ghi số phiếu phát ra."))
    elif action == "count":
        _run(request, lambda: services.round_count(actor=user, scope=scope, round_=round_), _("Đã kiểm phiếu."))
    elif action == "next":
        extra = [line.strip() for line in p.get("extra", "").splitlines() if line.strip()]
        _run(request, lambda: services.round_next(actor=user, scope=scope, round_=round_, extra=extra,
                                                  issued=_int(p.get("issued"))), _("Đã mở vòng bầu tiếp theo."))
    return redirect("congresses:election", election_id=round_.election_id)


@scoped_view
def ballot_entry(request: HttpRequest, round_id: int) -> HttpResponse:
    """One teller's entry desk: the ballot number, then the names kept (strike layout: every box
    starts ticked, the teller unticks each struck name) or agree/disagree per name."""
    round_ = selectors.round_get(scope=request.scope, round_id=round_id)
    election = round_.election
    teller = 2 if request.GET.get("to") == "2" or request.POST.get("teller") == "2" else 1
    candidates = selectors.round_candidates(round_)
    error = ""
    if request.method == "POST":
        number = _int(request.POST.get("number"), 0)
        invalid = request.POST.get("invalid", "")
        try:
            if round_.mode == EntryMode.TALLIES:
                votes = {c.pk: _int(request.POST.get(f"c{c.pk}"), 0) for c in candidates}
                reasons = {}
                for line in request.POST.get("invalid_lines", "").splitlines():
                    reason, _sep, count = line.rpartition(":")
                    if reason.strip() and _int(count):
                        reasons[reason.strip()] = _int(count)
                services.tally_enter(actor=request.user, scope=request.scope, round_=round_, teller=teller,
                                     valid=_int(request.POST.get("valid"), 0), invalid=reasons, votes=votes)
                messages.success(request, _("Đã ghi tổng số phiếu của tổ %(t)s.") % {"t": teller})
            elif election.layout == Layout.STRIKE:
                kept = [c.pk for c in candidates if request.POST.get(f"c{c.pk}") == "on"]
                services.ballot_enter(actor=request.user, scope=request.scope, round_=round_, teller=teller,
                                      number=number, kept=kept, invalid=invalid)
                messages.success(request, _("Đã ghi phiếu số %(n)s.") % {"n": number})
            else:
                marks = {c.pk: request.POST.get(f"c{c.pk}") or None for c in candidates}
                services.ballot_enter(actor=request.user, scope=request.scope, round_=round_, teller=teller,
                                      number=number, marks=marks, invalid=invalid)
                messages.success(request, _("Đã ghi phiếu số %(n)s.") % {"n": number})
            return redirect(reverse("congresses:ballots", args=[round_.pk]) + f"?to={teller}")
        except (ValidationError, PermissionDenied) as exc:
            error = message_of(exc)
    from tochuc.congresses.models import BallotEntry

    mine = list(BallotEntry.objects.filter(round=round_, teller=teller).order_by("-number")
                .values_list("number", flat=True)[:40])
    next_number = (max(mine) + 1) if mine else 1
    return render(request, "congresses/ballots.html", {
        "round": round_, "election": election, "congress": election.congress, "teller": teller,
        "candidates": candidates, "error": error, "mine": mine, "next_number": next_number,
        "count": BallotEntry.objects.filter(round=round_, teller=teller).count(),
        "allowed": bool(selectors.user_roles(election.congress, request.user)) and election.released_at is None},
        status=400 if error else 200)


def _minutes_round(request: HttpRequest, round_id: int):
    round_ = selectors.round_get(scope=request.scope, round_id=round_id)
    if round_.status != "counted" or not selectors.can_see_results(round_.election, request.user):
        raise Candidate.DoesNotExist("results not released")
    return round_


@scoped_view
def minutes_pdf(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _minutes_round(request, round_id)
    services.election_document_exported(actor=request.user, round_=round_, document="minutes", fmt="pdf")
    response = HttpResponse(minutes_doc.pdf_bytes(minutes_doc.minutes_for(round_)), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="bien-ban-kiem-phieu-{round_.election_id}-{round_.number}.pdf"'
    )
    return response


@scoped_view
def minutes_docx(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _minutes_round(request, round_id)
    services.election_document_exported(actor=request.user, round_=round_, document="minutes", fmt="docx")
    response = HttpResponse(minutes_doc.docx_bytes(minutes_doc.minutes_for(round_)), content_type=DOCX)
    response["Content-Disposition"] = (
        f'attachment; filename="bien-ban-kiem-phieu-{round_.election_id}-{round_.number}.docx"'
    )
    return response


@scoped_view
def ballot_paper(request: HttpRequest, round_id: int) -> HttpResponse:
    """The printable ballot paper of a round (convening committee and counting committee)."""
    round_ = selectors.round_get(scope=request.scope, round_id=round_id)
    if not selectors.user_roles(round_.election.congress, request.user):
        raise PermissionDenied(_("Chỉ cấp ủy triệu tập và ban kiểm phiếu in phiếu bầu."))
    copies = max(1, min(_int(request.GET.get("so-ban"), 1), 2000))
    services.election_document_exported(actor=request.user, round_=round_, document="ballots")
    response = HttpResponse(minutes_doc.ballot_pdf(round_, copies=copies), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="phieu-bau-{round_.election_id}-{round_.number}.pdf"'
    return response


@scoped_view
def big_screen(request: HttpRequest, election_id: int) -> HttpResponse:
    """Results for the hall's screen: nothing until the presidium releases them (then polled)."""
    election = selectors.election_get(scope=request.scope, election_id=election_id)
    rounds = list(election.rounds.filter(status="counted")) if election.released_at else []
    lines = []
    for round_ in rounds:
        m = minutes_doc.minutes_for(round_)
        lines.append(m)
    template = "congresses/screen.html#board" if request.htmx else "congresses/screen.html"
    return render(request, template, {"election": election, "congress": election.congress, "rounds": lines,
                                      "figures": selectors.attendance(election.congress)})
