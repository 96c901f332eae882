from django.urls import path

from . import views

urlpatterns = [
    path("testimonies/<int:page_id>/manifest.json", views.manifest, name="iiif_manifest"),
]
