from django.urls import path

from tochuc.conferences import views

app_name = "conferences"
urlpatterns = [
    path("", views.conference_list, name="list"),
    path("<int:conference_id>/", views.conference_detail, name="detail"),
    path("<int:conference_id>/truc-tuyen/", views.conference_live, name="live"),
    path("<int:conference_id>/xuat-excel/", views.conference_export, name="export"),
    path("<int:conference_id>/diem-cau/<int:point_id>/", views.point_detail, name="point"),
    path("nhiem-vu/<int:task_id>/", views.task_status, name="task_status"),
]
