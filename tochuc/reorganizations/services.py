"""Reorganizations of the tree: preview and apply a plan (DESIGN.md invariants 2, 4, 5, 6).

``reorganization_preview`` checks a plan and says what it would do; ``reorganization_apply``
checks it again and writes it in one transaction with its audit rows. See
:mod:`tochuc.domain.reorg` for the plan format and its rules, :mod:`.writer` for the SQL.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import IO

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max, Min, Q
from django.utils.translation import gettext as _

from tochuc.audit.services import actor_name, audit_record, audit_record_many
from tochuc.core import changes
from tochuc.core.bulk import bulk_insert
from tochuc.core.permissions import require
from tochuc.core.scope import Scope
from tochuc.core.tabular import ImportRejected, RowError
from tochuc.domain import orgs as rules
from tochuc.domain import reorg as plan_rules
from tochuc.domain.reorg import PlanLine, PlanResult
from tochuc.members.models import Membership
from tochuc.orgs.models import Reorganization, ReorganizationLine, UnitVersion
from tochuc.orgs.selectors import valid_on
from tochuc.reorganizations.loading import Loaded, PlanInput, branch_members, load_known, plan_lines, read_plan
from tochuc.reorganizations.writer import Writer, high_marks

Progress = Callable[[str, int, int], None]

SUMMARY_KEYS = (("created", plan_rules.CREATE), ("moved", plan_rules.MOVE), ("merged", plan_rules.MERGE),
                ("closed", plan_rules.CLOSE), ("renamed", plan_rules.RENAME))


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


@dataclass
class Preview:
    """What a plan does (or did): lines per operation, members whose branch changes place or who
    change branch, and per target unit its members on the effective date before and after."""

    effective: date
    counts: dict[str, int]
    members_moved: int = 0
    problems: list[RowError] = field(default_factory=list)
    members_by_target: dict[str, dict[str, int]] = field(default_factory=dict)
    reorganization_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_json(self) -> dict:
        """The contract of ``tochuc org reorganize --json``."""
        out: dict = {key: self.counts.get(op, 0) for key, op in SUMMARY_KEYS}
        out["members_moved"] = self.members_moved
        out["problems"] = [str(p) for p in self.problems]
        return out


class PlanRejected(ImportRejected):
    """Nothing was written: the plan has these problems (``dòng N, cột X: lý do``)."""

    def __init__(self, errors: list[RowError], preview: Preview):
        super().__init__(errors)
        self.preview = preview


def _lines(plan_rows: PlanInput | None, stream: IO[bytes] | IO[str] | None) -> tuple[list[PlanLine], list[RowError]]:
    if stream is not None:
        return read_plan(stream)
    lines = plan_lines(plan_rows or [])
    return lines, ([] if lines else [RowError(1, "-", _("kế hoạch không có dòng nào"))])


def _scope_problems(scope: Scope, lines: list[PlanLine], loaded: Loaded, effective: date) -> list[RowError]:
    """A unit outside the scope is as good as unknown (DESIGN.md invariant 1)."""
    if scope.is_system:
        return []
    on_date = scope.at(effective)
    out = []
    for line in lines:
        for column in ("code", "target", "parent"):
            code = getattr(line, column)
            path = loaded.paths.get(code)
            if path is not None and not on_date.contains_path(path):
                out.append(RowError(line.row, column,
                                    _("không tìm thấy đơn vị «%(code)s» trong phạm vi của bạn") % {"code": code}))
    return out


def _prepare(*, scope: Scope, lines: list[PlanLine], errors: list[RowError], effective: date
             ) -> tuple[Preview, Loaded | None, PlanResult | None]:
    if errors:
        return Preview(effective, dict.fromkeys(plan_rules.OPS, 0), problems=errors), None, None
    loaded = load_known(lines, effective)
    outside = _scope_problems(scope, lines, loaded, effective)
    if outside:
        return Preview(effective, dict.fromkeys(plan_rules.OPS, 0), problems=outside), loaded, None
    result = plan_rules.validate_plan(lines, loaded.known, effective)
    preview = Preview(effective, result.counts, problems=[RowError(p.row, p.column, p.reason) for p in result.problems])
    if result.ok:
        targets = sorted({e.target for e in result.effects if e.target})
        moving = {e.code for e in result.effects if e.op in (plan_rules.MOVE, plan_rules.MERGE)} | set(targets)
        paths = [loaded.paths[c] for c in moving if c in loaded.paths]
        accounting = plan_rules.member_accounting(result, branch_members(paths, effective), targets)
        preview.members_moved = accounting.moved
        preview.members_by_target = {t: {"before": accounting.before[t], "after": accounting.after[t]}
                                     for t in targets if t in accounting.before}
    return preview, loaded, result


def reorganization_preview(*, scope: Scope, effective: date, plan_rows: PlanInput | None = None,
                           stream: IO[bytes] | IO[str] | None = None) -> Preview:
    """Check a plan and say what it would do; nothing is written. Problems are in ``problems``."""
    lines, errors = _lines(plan_rows, stream)
    return _prepare(scope=scope, lines=lines, errors=errors, effective=effective)[0]


def _lock_tree() -> None:
    """Keep the tree (and memberships) still between the checks and the writes. SQLite: the
    IMMEDIATE transaction already holds the write lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (UnitVersion, Membership):
                cursor.execute(f'LOCK TABLE "{model._meta.db_table}" IN SHARE ROW EXCLUSIVE MODE')


def reorganization_apply(*, actor, scope: Scope, effective: date, plan_rows: PlanInput | None = None,
                         stream: IO[bytes] | IO[str] | None = None, reason: str | None = None, source: str = "",
                         progress: Progress = _no_progress) -> Preview:
    """Check the whole plan, then write it in ONE transaction with its audit rows.

    ``reason`` is the reference of the decision the plan carries out (number and date); without
    it ``ValidationError`` (on ``reason``), as the domain rule says. Raises :class:`PlanRejected`
    (nothing written) with every problem, or ``PermissionDenied`` for a viewer. Returns the preview of what was applied,
    with the new reorganization's id.
    """
    require(scope, "reorganization.apply")
    if (missing := plan_rules.reference_problem(reason)) is not None:
        raise ValidationError({"reason": str(missing)})
    lines, errors = _lines(plan_rows, stream)
    progress("read", len(lines), len(lines))
    with transaction.atomic():
        _lock_tree()
        preview, loaded, result = _prepare(scope=scope, lines=lines, errors=errors, effective=effective)
        progress("validate", len(lines), len(lines))
        if preview.problems:
            raise PlanRejected(preview.problems, preview)
        reorganization = Reorganization.objects.create(
            effective=effective, reason=reason or "", source=source[:255],
            plan=[{k: getattr(ln, k) for k in ("row", *plan_rules.COLUMNS)} for ln in lines],
            created_by=actor if actor is not None and actor.pk else None, created_by_name=actor_name(actor))
        reusable = {c for c, k in loaded.known.items() if not k.has_versions}
        writer = Writer(reorganization, loaded.ids, reusable)
        writer.create_units(result.effects)
        total = len(result.effects)
        done = []
        for number, effect in enumerate(result.effects, start=1):
            done.append(writer.apply(effect))
            if number % 200 == 0 or number == total:
                progress("write", number, total)
        bulk_insert(ReorganizationLine,
                    ("reorganization", "line_no", "op", "unit", "target", "from_parent", "name", "kind",
                                         "name_before", "kind_before", "children_moved", "members_follow",
                     "members_moved"),
                    [(reorganization.pk, r.effect.row, r.effect.op, r.unit_id, r.target_id, r.from_parent_id,
                      r.effect.name, r.effect.kind, r.effect.name_before, r.effect.kind_before,
                      len(r.effect.moved_children), r.effect.branch_members, r.members_moved) for r in done])
        (reorganization.version_mark, reorganization.membership_mark, reorganization.event_mark) = high_marks()
        reorganization.home_unit_id = _home_unit(reorganization)
        preview.reorganization_id = reorganization.pk
        reorganization.summary = {**preview.as_json(), "members_by_target": preview.members_by_target}
        reorganization.save(update_fields=["version_mark", "membership_mark", "event_mark", "summary", "home_unit"])
        _audit(actor=actor, reorganization=reorganization, done=done, reason=reason)
        changes.touched(epoch=True, kinds=[changes.TREE, changes.MEMBERS])
    return preview


def _home_unit(reorganization: Reorganization) -> int | None:
    """The deepest unit whose subtree holds every unit the lines concern, before and after (the
    common prefix of all those paths is the common prefix of the least and the greatest)."""
    E = reorganization.effective
    lines = ReorganizationLine.objects.filter(reorganization=reorganization)
    concerned = (Q(unit_id__in=lines.values("unit_id")) | Q(unit_id__in=lines.values("target_id"))
                 | Q(unit_id__in=lines.values("from_parent_id")))
    bounds = (UnitVersion.objects.filter(valid_on(E) | valid_on(E - timedelta(days=1))).filter(concerned)
              .aggregate(low=Min("path"), high=Max("path")))
    if bounds["low"] is None:
        return None
    common = os.path.commonprefix([bounds["low"], bounds["high"]])
    found = rules.path_ids(common[: len(common) - len(common) % rules.SEGMENT_WIDTH])
    return found[-1] if found else None


def _audit(*, actor, reorganization: Reorganization, done, reason: str | None,
           action: str = "unit.reorganize") -> None:
    """One row for the reorganization, one per line (on the unit it concerns, so every clerk sees
    the lines of their subtree; a created unit's line sits on its parent, so the new unit can go
    again if the reorganization is undone)."""
    day = reorganization.effective.isoformat()
    audit_record(actor=actor, action=f"{action}.plan", obj=reorganization,
                 object_repr=_("Sắp xếp tổ chức ngày %(day)s") % {"day": reorganization.effective.strftime("%d/%m/%Y")},
                 after={"reorganization": reorganization.pk, "effective": day, "source": reorganization.source,
                        **{k: v for k, v in reorganization.summary.items() if k != "problems"}},
                 reason=reason)
    home_of: dict[int, int] = {}  # created unit → the nearest unit that existed before
    for r in done:
        if r.effect.op == plan_rules.CREATE:
            home_of[r.unit_id] = home_of.get(r.target_id, r.target_id)
    entries = []
    for r in done:
        e = r.effect
        home = home_of.get(r.unit_id, r.unit_id)
        entries.append({
            "action": f"{action}.{e.op}", "object_type": "orgs.unit", "object_id": r.unit_id,
            "object_repr": f"{e.code} {e.name}".strip(),
            "unit_id": home,
            "before": {"parent": e.from_parent, "name": e.name_before,
                       "kind": e.kind_before} if e.op != plan_rules.CREATE else None,
            "after": {"reorganization": reorganization.pk, "effective": day, "line": e.row, "op": e.op, "code": e.code,
                      "target": e.target, "name": e.name, "kind": e.kind, "parent": e.parent,
                      "members_moved": r.members_moved},
            "reason": reason,
        })
    audit_record_many(actor=actor, entries=entries)
