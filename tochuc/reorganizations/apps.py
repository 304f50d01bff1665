from django.apps import AppConfig


class ReorganizationsConfig(AppConfig):
    name = "tochuc.reorganizations"
    label = "reorganizations"
    verbose_name = "Sắp xếp tổ chức"
