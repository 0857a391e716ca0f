from django.urls import include, path

from accounts import views

# Django's own login, logout and password-reset views, under their standard
# names ("login", "logout", "password_reset", ...), plus sign-up.
urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("", include("django.contrib.auth.urls")),
]
