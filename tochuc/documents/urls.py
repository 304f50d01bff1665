from django.urls import path

from tochuc.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("them/", views.document_add, name="add"),
    path("trich-dan/", views.extract, name="extract"),
    path("hoc-tap/", views.study_list, name="study_list"),
    path("hoc-tap/them/", views.study_add, name="study_add"),
    path("hoc-tap/<int:session_id>/", views.study_detail, name="study_detail"),
    path("hoc-tap/<int:session_id>/sua/", views.study_edit, name="study_edit"),
    path("hoc-tap/<int:session_id>/xoa/", views.study_delete, name="study_delete"),
    path("<int:document_id>/", views.document_detail, name="detail"),
    path("<int:document_id>/sua/", views.document_edit, name="edit"),
    path("<int:document_id>/tep/", views.document_file, name="file"),
    path("<int:document_id>/hoc-tap/", views.coverage, name="coverage"),
]
