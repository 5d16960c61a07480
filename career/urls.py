from django.urls import path

from career import views

app_name = "career"

urlpatterns = [
    path("", views.home, name="home"),
]
