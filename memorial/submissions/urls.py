from django.urls import path

from . import views

app_name = "submissions"

urlpatterns = [
    path("contribute/testimony/", views.testimony, name="testimony"),
    path("contribute/remember-a-person/", views.remembrance, name="remembrance"),
    path("contribute/status/<str:token>/", views.status, name="status"),
    path("contribute/status/<str:token>/withdraw/", views.withdraw, name="withdraw"),
]
