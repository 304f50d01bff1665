from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tochuc.core"
    label = "core"
