from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "tochuc.conferences"
    label = "conferences"
