from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "tochuc.orgs"
    label = "orgs"
