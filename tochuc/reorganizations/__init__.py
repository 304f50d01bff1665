"""Reorganizations of the organization tree: plans, their preview, their application and the
undo of the latest one (``tochuc org reorganize``, ``tochuc org revert-last``), and the reads of
the tree over time that follow them (:mod:`.history`: restated counts, a unit's timeline).

A reorganization changes units and memberships together, so this app sits above ``orgs`` and
``members`` (README, Architecture); its models stay in ``orgs`` (tables ``orgs_reorganization*``:
moving code, not tables). This package is a Django app, so it imports nothing here; the public
API is in :mod:`.services` and :mod:`.revert`::

    reorganization_preview(*, scope, effective, plan_rows=None, stream=None) -> Preview
    reorganization_apply(*, actor, scope, effective, plan_rows=None, stream=None, reason=None,
                         source="", progress=...) -> Preview      # raises PlanRejected
    reorganization_revert_last(*, actor, scope, reason=None) -> Reorganization
    dependents(reorganization) -> list[str]     # why it cannot be undone (empty: it can)

The plan's rules are pure (:mod:`tochuc.domain.reorg`).
"""
