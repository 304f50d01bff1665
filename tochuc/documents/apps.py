from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "tochuc.documents"
    label = "documents"
    verbose_name = "Văn bản"
