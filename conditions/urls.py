from django.urls import path

from conditions import views

app_name = "conditions"

urlpatterns = [
    path("<slug:slug>/", views.condition_detail, name="detail"),
]
