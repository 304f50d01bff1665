from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "tochuc.meetings"
    label = "meetings"
