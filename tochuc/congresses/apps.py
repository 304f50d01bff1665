from django.apps import AppConfig


class CongressesConfig(AppConfig):
    name = "tochuc.congresses"
    label = "congresses"
