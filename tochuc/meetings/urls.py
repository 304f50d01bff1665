from django.urls import path

from tochuc.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_home, name="home"),
    path("ke-hoach/", views.meeting_plan_subtree, name="plan_subtree"),
    path("tuan-thu/", views.meeting_compliance, name="compliance"),
    path("chi-bo/<str:code>/", views.meeting_branch, name="branch"),
    path("<int:meeting_id>/", views.meeting_detail, name="detail"),
    path("<int:meeting_id>/diem-danh/", views.meeting_attendance, name="attendance"),
    path("<int:meeting_id>/bien-ban/", views.meeting_minutes, name="minutes"),
    path("<int:meeting_id>/huy/", views.meeting_cancel, name="cancel"),
    path("<int:meeting_id>/bien-ban.pdf", views.meeting_minutes_pdf, name="minutes_pdf"),
    path("<int:meeting_id>/bien-ban.docx", views.meeting_minutes_docx, name="minutes_docx"),
]
