"""Reorganizations of the organization tree: plans, their preview, their application and the
undo of the latest one (``tochuc org reorganize``, ``tochuc org revert-last``).

Public API::

    reorganization_preview(*, scope, effective, plan_rows=None, stream=None) -> Preview
    reorganization_apply(*, actor, scope, effective, plan_rows=None, stream=None, reason=None,
                         source="", progress=...) -> Preview      # raises PlanRejected
    reorganization_revert_last(*, actor, scope, reason=None) -> Reorganization
    dependents(reorganization) -> list[str]     # why it cannot be undone (empty: it can)

The plan's rules are pure (:mod:`tochuc.domain.reorg`); reads of the history are in
:mod:`tochuc.orgs.history`.
"""

from tochuc.orgs.reorg.revert import dependents, reorganization_revert_last
from tochuc.orgs.reorg.services import PlanRejected, Preview, reorganization_apply, reorganization_preview

__all__ = ["PlanRejected", "Preview", "dependents", "reorganization_apply", "reorganization_preview",
           "reorganization_revert_last"]
