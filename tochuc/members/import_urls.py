from django.urls import path

from tochuc.members import import_views

app_name = "member_import"
urlpatterns = [
    path("", import_views.import_form, name="form"),
    path("<int:job_id>/", import_views.import_job, name="job"),
    path("<int:job_id>/chay-lai/", import_views.import_retry, name="retry"),
]
