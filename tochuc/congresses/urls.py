from django.urls import path

from tochuc.congresses import views

app_name = "congresses"
urlpatterns = [
    path("", views.congress_list, name="list"),
    path("tao/", views.congress_create, name="create"),
    path("<int:congress_id>/", views.congress_detail, name="detail"),
    path("<int:congress_id>/vai-tro/", views.congress_roles, name="roles"),
    path("<int:congress_id>/phien/", views.congress_session, name="session"),
    path("<int:congress_id>/ban-kiem-phieu/", views.congress_counting, name="counting"),
    path("<int:congress_id>/trieu-tap/", views.summons, name="summons"),
    path("<int:congress_id>/trieu-tap/lap/", views.summons_generate, name="summons_generate"),
    path("<int:congress_id>/trieu-tap/them/", views.delegate_add, name="delegate_add"),
    path("<int:congress_id>/diem-danh/", views.checkin, name="checkin"),
    path("<int:congress_id>/diem-danh/so-lieu/", views.attendance_panel, name="attendance"),
    path("<int:congress_id>/phan-bo/", views.allocation, name="allocation"),
    path("<int:congress_id>/phan-bo/lap/", views.allocation_propose, name="allocation_propose"),
    path("<int:congress_id>/phan-bo/sua/", views.allocation_edit, name="allocation_edit"),
    path("<int:congress_id>/bau-cu/tao/", views.election_create, name="election_create"),
    path("dai-bieu/<int:delegate_id>/", views.delegate_update, name="delegate_update"),
    path("dai-bieu/<int:delegate_id>/the/", views.delegate_card, name="card"),
    path("bau-cu/<int:election_id>/", views.election_detail, name="election"),
    path("bau-cu/<int:election_id>/thao-tac/", views.election_action, name="election_action"),
    path("bau-cu/<int:election_id>/man-hinh/", views.big_screen, name="screen"),
    path("vong/<int:round_id>/thao-tac/", views.round_action, name="round_action"),
    path("vong/<int:round_id>/nhap-phieu/", views.ballot_entry, name="ballots"),
    path("vong/<int:round_id>/phieu-bau.pdf", views.ballot_paper, name="ballot_paper"),
    path("vong/<int:round_id>/bien-ban.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("vong/<int:round_id>/bien-ban.docx", views.minutes_docx, name="minutes_docx"),
]
