from django.urls import path

from assessment import views

app_name = "assessment"

urlpatterns = [
    path("assess/", views.start, name="start"),
    path("assess/<uuid:pk>/", views.resume, name="resume"),
    path("assess/<uuid:pk>/<slug:slug>/", views.step, name="step"),
    path("reports/<uuid:pk>/", views.report, name="report"),
]
