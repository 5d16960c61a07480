from django.urls import include, path

from bench import views

urlpatterns = [
    path("bench/bare/", views.bare, name="bench-bare"),
    path("bench/plain-form/", views.plain_form, name="bench-plain-form"),
    path("", include("config.urls")),
]
