from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "tochuc.reports"
    label = "reports"
