from django.urls import path

from feedback import views

app_name = "feedback"

urlpatterns = [
    path("<int:article_pk>/", views.answer, name="answer"),
    path("<int:article_pk>/more/", views.more, name="more"),
]
