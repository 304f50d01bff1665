from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "tochuc.audit"
    label = "audit"
