from django.apps import AppConfig

from tochuc.core.problems import render
from tochuc.domain.messages import install_renderer


class CoreConfig(AppConfig):
    name = "tochuc.core"
    label = "core"

    def ready(self) -> None:
        # The domain's messages are codes and parameters; from now on they render through the
        # gettext table, in the language active when they are shown (DESIGN.md invariant 7).
        install_renderer(render)
