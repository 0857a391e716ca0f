from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import auth_pages, reader_views, views
from accounts.forms import QueuedPasswordResetForm

# Django's own log-in, log-out and password views under their standard names
# ("login", "password_reset", ...), with templates in the site's design, plus
# sign-up. Password change has its own template names so the admin keeps its own.
urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/sent/", views.signup_sent, name="signup_sent"),
    path("signup/confirm/<str:token>/", views.signup_confirm, name="signup_confirm"),
    path("login/", auth_pages.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password_change/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change_form.html", form_class=auth_pages.PasswordChangeForm
        ),
        name="password_change",
    ),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
    path(
        "password_reset/",
        views.PasswordResetView.as_view(
            extra_email_context={"site_name": settings.SITE_NAME}, form_class=QueuedPasswordResetForm
        ),
        name="password_reset",
    ),
    path("password_reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=auth_pages.SetPasswordForm),
        name="password_reset_confirm",
    ),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    # The reader's own account and data.
    path("me/", reader_views.account, name="account"),
    path("me/email/", reader_views.change_email, name="account_email"),
    path("me/email/confirm/<str:token>/", reader_views.confirm_email, name="account_email_confirm"),
    path("me/download/", reader_views.download_data, name="account_download"),
    path("me/delete/", reader_views.delete_account, name="account_delete"),
    path("deleted/", reader_views.account_deleted, name="account_deleted"),
]
