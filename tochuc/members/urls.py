from django.urls import path

from tochuc.members import views

app_name = "members"
urlpatterns = [
    path("", views.member_search, name="search"),
    path("den-han/", views.member_due, name="due"),
    path("<int:member_id>/", views.member_detail, name="detail"),
    path("<int:member_id>/su-kien/", views.member_event, name="event"),
]
