from django.urls import path

from comments import views

app_name = "comments"

urlpatterns = [
    path("<int:article_pk>/post/", views.post_comment, name="post"),
    path("report/<int:comment_pk>/", views.report_comment, name="report"),
    path("rules/", views.rules, name="rules"),
]
