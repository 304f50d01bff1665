from django.urls import path

from tochuc.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard_home, name="home"),
    path("xuat/<int:export_id>/", views.export_job, name="export"),
    path("xuat/<int:export_id>/chay-lai/", views.export_retry, name="export_retry"),
    path("xuat/<int:export_id>/tai-ve/", views.export_download, name="export_download"),
    path("chuong-trinh/", views.programme_list, name="programmes"),
    path("chuong-trinh/<int:programme_id>/", views.programme_detail, name="programme"),
    path("don-vi/<str:code>/", views.dashboard, name="dashboard"),
    path("don-vi/<str:code>/dang-vien/", views.members, name="members"),
    path("don-vi/<str:code>/tong-hop/", views.dashboard_status, name="dashboard_status"),
    path("don-vi/<str:code>/xuat/", views.export_start, name="export_start"),
]
