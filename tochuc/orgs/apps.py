from django.apps import AppConfig

from tochuc.core.scope import use_tree


class OrgsConfig(AppConfig):
    name = "tochuc.orgs"
    label = "orgs"

    def ready(self) -> None:
        # The Scope value (core) reads the tree through this: registered, not imported upwards.
        from tochuc.orgs.scopes import VersionedTree  # imports models: only once the apps are loaded

        use_tree(VersionedTree())
