from django.urls import path

from career import views

app_name = "career"

urlpatterns = [
    path("", views.home, name="home"),
    path("roles/", views.role_list, name="role-list"),
    path("roles/<slug:slug>/", views.role_detail, name="role-detail"),
    path("skills/", views.skill_list, name="skill-list"),
    path("duties/", views.duty_list, name="duty-list"),
    path("certifications/", views.certification_list, name="certification-list"),
    path("roadmap/", views.roadmap, name="roadmap"),
    path("career-path/", views.career_path, name="career-path"),
    path("outlook/", views.outlook, name="outlook"),
    path("kpis/", views.kpi_list, name="kpi-list"),
    path("faq/", views.faq, name="faq"),
]
