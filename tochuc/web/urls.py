from django.urls import path

from tochuc.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("to-chuc/", views.tree, name="tree"),
    path("to-chuc/tim-kiem/", views.unit_search, name="unit_search"),
    path("to-chuc/<str:code>/", views.unit_detail, name="unit"),
    path("to-chuc/<str:code>/con/", views.tree_children, name="tree_children"),
    path("nhat-ky/", views.audit_log, name="audit"),
]
