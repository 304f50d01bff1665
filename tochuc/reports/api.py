"""API routes of reports: the same engine as the pages, same scope rules (out of scope → 404)."""

from __future__ import annotations

from datetime import date

from ninja import Router
from ninja.errors import HttpError

from tochuc.core.api_scope import api_scope
from tochuc.core.params import Year
from tochuc.domain import reports as rules
from tochuc.orgs.selectors import unit_get
from tochuc.reports import engine, selectors, tally

router = Router(tags=["Báo cáo"])


@router.get("/reports/tables")
def list_tables(request) -> list[dict]:
    """The standard tables (keys for ``/reports/{code}?table=``)."""
    return [{"key": t.key, "title": t.title, "source": t.source} for t in (engine.CHILDREN, *engine.TABLES)]


@router.get("/reports/{code}")
def get_report(request, code: str, table: str | None = None, on: date | None = None, mode: str = engine.AS_OF,
               start: date | None = None, year: int | None = None, structure_on: date | None = None) -> dict:
    """Tables of unit ``code``: figures on ``on`` (default: today), ``mode`` as_of | restated
    (restated to the structure of ``structure_on``, default today); ``table`` one key or all."""
    scope = api_scope(request, structure_on)
    day = on or scope.as_of
    if mode not in engine.MODES:
        mode = engine.AS_OF
    try:
        ctx = engine.context_for(scope=scope, code=code, day=day, mode=mode)
    except engine.NotOnDate:
        return {"code": code, "date": day.isoformat(), "mode": mode, "exists": False, "tables": []}
    period = engine.Period(start if start and start <= day else engine.default_period(day).start, day)
    year = year or rules.default_rating_year(day)
    if table:
        try:
            definition = engine.table_def(table)
        except KeyError:
            raise HttpError(404, "Không có biểu này.") from None
        tables = [engine.evaluate(definition, ctx, period=period, year=year)]
    else:
        tables = tally.tables(ctx, period=period, year=year)
    return {"code": code, "name": ctx.root.name, "date": day.isoformat(), "mode": mode,
            "structure_on": ctx.structure_on.isoformat(), "exists": True,
            "tables": [t.as_json() for t in tables]}


@router.get("/programmes")
def list_programmes(request, year: Year | None = None) -> list[dict]:
    scope = api_scope(request)
    return [{"id": p.pk, "year": p.year, "title": p.title, "unit": p.unit.code}
            for p in selectors.programmes(scope, year=year)]


@router.get("/programmes/{programme_id}/progress")
def programme_progress(request, programme_id: int, on: date | None = None) -> dict:
    """Completion "done/total" of the programme and of each child of its unit on a date."""
    scope = api_scope(request)
    programme = selectors.programme_get(scope=scope, programme_id=programme_id)
    owner = unit_get(scope=scope, code=programme.unit.code)
    day = on or scope.as_of
    whole, rows = selectors.completion(scope=scope, root=owner, day=day, items=programme.items.all())

    def out(r):
        return {"code": r.code, "name": r.name, "done": r.done, "total": r.total, "overdue": r.overdue, "text": r.text}

    return {"id": programme.pk, "date": day.isoformat(), **out(whole), "children": [out(r) for r in rows]}
