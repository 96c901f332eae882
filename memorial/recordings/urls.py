from django.urls import path

from . import views

app_name = "recordings"

urlpatterns = [
    path("transcripts/<int:pk>/captions.vtt", views.captions, name="captions"),
    path("transcripts/<int:pk>/chapters.vtt", views.chapters, name="chapters"),
    path("transcripts/<int:pk>/transcript.vtt", views.download_vtt, name="download_vtt"),
    path("transcripts/<int:pk>/transcript.txt", views.download_text, name="download_text"),
    path("transcripts/<int:pk>/full.vtt", views.full_transcript, name="full_transcript"),
    path("originals/<int:pk>.media", views.original, name="original"),
]
