from django.apps import AppConfig


class CongressesConfig(AppConfig):
    name = "tochuc.congresses"
    label = "congresses"

    def ready(self) -> None:
        from tochuc.audit.redaction import register_redactor
        from tochuc.congresses.selectors import audit_redact_unreleased

        register_redactor(audit_redact_unreleased)
