from django.apps import AppConfig

from tochuc.core import changes


class ReportsConfig(AppConfig):
    name = "tochuc.reports"
    label = "reports"

    def ready(self) -> None:
        # Lower apps announce their changes (tochuc.core.changes) instead of calling reports: the
        # kept figures listen here and bump their stamps in the announcing service's transaction.
        from tochuc.reports import stamps  # imports models: only once the apps are loaded

        changes.listen(stamps.on_change)
