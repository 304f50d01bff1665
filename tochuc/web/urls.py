from django.urls import path

from tochuc.web import reorganizations, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("to-chuc/", views.tree, name="tree"),
    path("to-chuc/tim-kiem/", views.unit_search, name="unit_search"),
    path("to-chuc/<str:code>/", views.unit_detail, name="unit"),
    path("to-chuc/<str:code>/con/", views.tree_children, name="tree_children"),
    path("nhat-ky/", views.audit_log, name="audit"),
    path("sap-xep-to-chuc/", reorganizations.reorganization_list, name="reorg_list"),
    path("sap-xep-to-chuc/moi/", reorganizations.reorganization_new, name="reorg_new"),
    path("sap-xep-to-chuc/hoan-tac/", reorganizations.reorganization_revert, name="reorg_revert"),
    path("sap-xep-to-chuc/<int:pk>/", reorganizations.reorganization_detail, name="reorg_detail"),
]
