from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "tochuc.web"
    label = "web"
