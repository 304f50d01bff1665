from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "tochuc.members"
    label = "members"
