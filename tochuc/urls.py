from django.urls import include, path

from tochuc.api import api

urlpatterns = [
    path("", include("tochuc.web.urls")),
    path("tai-khoan/", include("tochuc.accounts.urls")),
    path("dang-vien/nhap/", include("tochuc.members.import_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("dang-vien/", include("tochuc.members.urls")),
    path("dai-hoi/", include("tochuc.congresses.urls")),
    path("sinh-hoat/", include("tochuc.meetings.urls")),
    path("van-ban/", include("tochuc.documents.urls")),
    path("bao-cao/", include("tochuc.reports.urls")),
    path("api/v1/", api.urls),
    path("hoi-nghi/", include("tochuc.conferences.urls")),
]
