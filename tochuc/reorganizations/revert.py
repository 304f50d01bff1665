"""Undoing the latest reorganization exactly, when nothing depends on it.

The undo log (:class:`ReorganizationChange`) names every row the reorganization wrote and what
it was before. Undo is set-based, in the order that keeps every constraint true: memberships it
opened go, the ones it closed or moved come back; versions it opened go, the ones it changed or
deleted come back as they were, the ones it closed reopen; the units it created go (an identity
named by the audit log stays, without versions, and a later plan may create that code again).
"""

from __future__ import annotations

from datetime import timedelta

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.audit.models import AuditEntry
from tochuc.core import changes
from tochuc.core.permissions import require
from tochuc.core.scope import Scope
from tochuc.domain.reorg import LineEffect, fmt_day
from tochuc.members.models import MemberEvent, Membership
from tochuc.orgs.models import Reorganization, ReorganizationLine, Unit, UnitVersion
from tochuc.orgs.models import ReorganizationChange as Change
from tochuc.orgs.selectors import valid_on
from tochuc.reorganizations.services import _audit, _lock_tree
from tochuc.reorganizations.writer import LineResult

V = UnitVersion._meta.db_table
C = Change._meta.db_table
U = Unit._meta.db_table

VERSION_ACTIONS = (Change.VERSION_OPENED, Change.VERSION_CLOSED, Change.VERSION_SNAPSHOT, Change.VERSION_DELETED,
                   Change.UNIT_CREATED, Change.UNIT_REUSED)


def _tables():
    return Membership._meta.db_table, MemberEvent._meta.db_table


def _differ(a: str, b: str) -> str:
    """``a`` and ``b`` (dates, maybe NULL) differ — NULL-safe on SQLite and PostgreSQL."""
    return f"COALESCE({a}, '9999-12-31') <> COALESCE({b}, '9999-12-31')"


def _exists(cursor, sql: str, params: list) -> bool:
    cursor.execute(f"SELECT EXISTS ({sql})", params)
    return bool(cursor.fetchone()[0])


def _touched(rid: int) -> tuple[str, list]:
    """Subquery of the units whose versions the reorganization wrote (created ones included)."""
    marks = ", ".join(["%s"] * len(VERSION_ACTIONS))
    return (f"SELECT unit_id FROM {C} WHERE reorganization_id = %s AND action IN ({marks})", [rid, *VERSION_ACTIONS])


def dependents(reorganization: Reorganization) -> list[str]:
    """Why the reorganization cannot be undone (empty: it can): rows written after it that
    concern the units it touched, on or after its effective date, or its own rows changed since."""
    rid, E = reorganization.pk, reorganization.effective
    M, EV = _tables()
    touched, tparams = _touched(rid)
    out: list[str] = []
    with connection.cursor() as cursor:
        if _exists(cursor, f"SELECT 1 FROM {V} v WHERE v.id > %s AND (v.valid_to IS NULL OR v.valid_to > %s) "
                           f"AND (v.unit_id IN ({touched}) OR v.parent_id IN ({touched}))",
                   [reorganization.version_mark, E, *tparams, *tparams]):
            out.append(_("có thay đổi đơn vị (đổi tên, chuyển, thành lập đơn vị trực thuộc …) ghi sau đợt sắp xếp"))
        if _exists(cursor, f"SELECT 1 FROM {C} c JOIN {V} v ON v.id = c.object_id WHERE c.reorganization_id = %s AND "
                           f"((c.action = %s AND {_differ('v.valid_to', 'c.valid_to')}) "
                           f"OR (c.action = %s AND {_differ('v.valid_to', '%s')}))",
                   [rid, Change.VERSION_OPENED, Change.VERSION_CLOSED, E]):
            out.append(_("thời hạn của đơn vị do đợt sắp xếp ghi đã bị thay đổi sau đó"))
        memberships_of = (f"SELECT unit_id FROM {C} WHERE reorganization_id = %s AND action IN "
                          f"('{Change.MEMBERSHIP_OPENED}', '{Change.MEMBERSHIP_CLOSED}', "
                          f"'{Change.MEMBERSHIP_SNAPSHOT}')")
        if _exists(cursor, f"SELECT 1 FROM {M} m WHERE m.id > %s AND (m.valid_to IS NULL OR m.valid_to > %s) "
                           f"AND (m.unit_id IN ({touched}) OR m.unit_id IN ({memberships_of}))",
                   [reorganization.membership_mark, E, *tparams, rid]):
            out.append(_("có sinh hoạt đảng của đảng viên ở đơn vị liên quan ghi sau đợt sắp xếp"))
        if _exists(cursor, f"SELECT 1 FROM {C} c JOIN {M} m ON m.id = c.object_id WHERE c.reorganization_id = %s AND "
                           f"((c.action = %s AND {_differ('m.valid_to', 'c.valid_to')}) "
                           f"OR (c.action = %s AND {_differ('m.valid_to', '%s')}))",
                   [rid, Change.MEMBERSHIP_OPENED, Change.MEMBERSHIP_CLOSED, E]):
            out.append(_("sinh hoạt đảng do đợt sắp xếp chuyển đã bị thay đổi sau đó"))
        if _exists(cursor, f"SELECT 1 FROM {EV} e WHERE e.id > %s AND e.effective_on >= %s AND e.member_id IN "
                           f"(SELECT m.member_id FROM {M} m WHERE (m.valid_to IS NULL OR m.valid_to > %s) "
                           f"AND (m.unit_id IN ({touched}) OR m.unit_id IN ({memberships_of})))",
                   [reorganization.event_mark, E, E, *tparams, rid]):
            out.append(_("có sự kiện đảng viên ở đơn vị liên quan ghi sau đợt sắp xếp"))
    created = list(Change.objects.filter(reorganization_id=rid, action=Change.UNIT_CREATED)
                   .values_list("object_id", flat=True))
    if created:
        for model, fk in _unit_references():
            found = model.objects.filter(**{f"{fk}__in": created}).values_list(fk, flat=True).first()
            if found is not None:
                code = Unit.objects.filter(pk=found).values_list("code", flat=True).first()
                out.append(_("đơn vị mới «%(code)s» đã được dùng (%(what)s)")
                           % {"code": code, "what": model._meta.verbose_name})
    return out


def _unit_references():
    """(model, field) of every foreign key to Unit the undo does not itself clean up."""
    handled = {UnitVersion, Membership, ReorganizationLine, AuditEntry}
    for model in apps.get_models():
        if model in handled:
            continue
        for f in model._meta.fields:
            if f.is_relation and f.related_model is Unit:
                yield model, f.name


def _in_scope(scope: Scope, reorganization: Reorganization) -> bool:
    """Every unit the lines name lies in the scope, where it stood on the effective date or the day before."""
    if scope.is_system:
        return True
    E = reorganization.effective
    on_date = scope.at(E)
    ids = {i for row in reorganization.lines.values_list("unit_id", "target_id", "from_parent_id") for i in row if i}
    paths = UnitVersion.objects.filter(valid_on(E) | valid_on(E - timedelta(days=1)), unit_id__in=ids)
    return all(on_date.contains_path(p) for p in paths.values_list("path", flat=True))


@transaction.atomic
def reorganization_revert_last(*, actor, scope: Scope, reason: str | None = None) -> Reorganization:
    """Undo the latest reorganization still in force, exactly; refuses (``ValidationError`` with
    every reason, in Vietnamese) when anything written after it depends on it."""
    require(scope, "reorganization.apply")
    _lock_tree()
    reorganization = Reorganization.objects.select_for_update().filter(reverted_at__isnull=True).order_by("-id").first()
    if reorganization is None:
        raise ValidationError(_("Chưa có đợt sắp xếp tổ chức nào để hoàn tác."))
    if not _in_scope(scope, reorganization):
        raise PermissionDenied(_("Đợt sắp xếp gần nhất có đơn vị ngoài phạm vi của bạn."))
    blocking = dependents(reorganization)
    if blocking:
        head = _("Không thể hoàn tác đợt sắp xếp ngày %(day)s (số %(id)s): ") % {
            "day": fmt_day(reorganization.effective), "id": reorganization.pk}
        raise ValidationError([head + reason_ for reason_ in blocking])
    lines = list(reorganization.lines.select_related("unit", "target", "from_parent"))
    _undo(reorganization.pk)
    reorganization.reverted_at = timezone.now()
    reorganization.reverted_by_name = actor.get_username() if actor is not None else _("hệ thống")
    reorganization.revert_reason = reason or ""
    reorganization.save(update_fields=["reverted_at", "reverted_by_name", "revert_reason"])
    _audit_revert(actor=actor, reorganization=reorganization, lines=lines, reason=reason)
    changes.touched(epoch=True, kinds=[changes.TREE, changes.MEMBERS])
    return reorganization


def _undo(rid: int) -> None:
    M, _events = _tables()

    def ids(action: str) -> tuple[str, list]:
        return f"SELECT object_id FROM {C} WHERE reorganization_id = %s AND action = %s", [rid, action]

    with connection.cursor() as cursor:
        def run(sql: str, params: list) -> None:
            cursor.execute(sql, params)

        opened, p = ids(Change.MEMBERSHIP_OPENED)
        run(f"DELETE FROM {M} WHERE id IN ({opened})", p)
        for action, column in ((Change.MEMBERSHIP_SNAPSHOT, "unit_id"), (Change.MEMBERSHIP_CLOSED, "valid_to")):
            run(f"UPDATE {M} SET {column} = c.{column} FROM {C} c WHERE c.object_id = {M}.id "
                "AND c.reorganization_id = %s AND c.action = %s", [rid, action])
        opened, p = ids(Change.VERSION_OPENED)
        run(f"DELETE FROM {V} WHERE id IN ({opened})", p)
        columns = ("unit_id", "name", "search_key", "kind", "parent_id", "path", "depth", "valid_from", "valid_to")
        run(f"UPDATE {V} SET " + ", ".join(f"{c} = c.{c}" for c in columns if c != "unit_id") +
            f" FROM {C} c WHERE c.object_id = {V}.id AND c.reorganization_id = %s AND c.action = %s",
            [rid, Change.VERSION_SNAPSHOT])
        run(f"INSERT INTO {V} (id, {', '.join(columns)}) SELECT c.object_id, " + ", ".join(f"c.{c}" for c in columns) +
            f" FROM {C} c WHERE c.reorganization_id = %s AND c.action = %s AND NOT EXISTS "
            f"(SELECT 1 FROM {V} v WHERE v.id = c.object_id)", [rid, Change.VERSION_SNAPSHOT])
        run(f"UPDATE {V} SET valid_to = c.valid_to FROM {C} c WHERE c.object_id = {V}.id "
            "AND c.reorganization_id = %s AND c.action = %s", [rid, Change.VERSION_CLOSED])

        audit = AuditEntry._meta.db_table
        created, p = ids(Change.UNIT_CREATED)
        run(f"DELETE FROM {ReorganizationLine._meta.db_table} WHERE reorganization_id = %s", [rid])
        run(f"DELETE FROM {U} WHERE id IN ({created}) "
            f"AND NOT EXISTS (SELECT 1 FROM {audit} a WHERE a.unit_id = {U}.id)", p)
        run(f"DELETE FROM {C} WHERE reorganization_id = %s", [rid])


def _audit_revert(*, actor, reorganization: Reorganization, lines: list[ReorganizationLine],
                  reason: str | None) -> None:
    done = [LineResult(LineEffect(line.line_no, line.op, line.unit.code, target=line.target.code if line.target else "",
                                  name=line.name, kind=line.kind,
                                  from_parent=line.from_parent.code if line.from_parent else None),
                       line.unit_id, target_id=line.target_id, from_parent_id=line.from_parent_id)
            for line in lines]
    _audit(actor=actor, reorganization=reorganization, done=done, reason=reason, action="unit.reorganize_revert")
