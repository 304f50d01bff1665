from django.urls import path

from tochuc.accounts import pages, views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.login_view, name="login"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("mat-khau/", pages.password_change, name="password"),
    path("ma-truy-cap/", pages.my_tokens, name="tokens"),
    path("ma-truy-cap/<int:token_id>/thu-hoi/", pages.token_revoke, name="token_revoke"),
    path("nguoi-dung/", pages.user_list, name="users"),
    path("nguoi-dung/<int:user_id>/", pages.user_detail, name="user"),
    path("nguoi-dung/<int:user_id>/mat-khau/", pages.user_password, name="user_password"),
    path("nguoi-dung/<int:user_id>/khoa/", pages.user_deactivate, name="user_deactivate"),
]
