"""Transcripts in the admin: import a file, then correct cues, redactions and the index by hand."""

from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, PageChooserPanel
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.viewsets.model import ModelViewSet

from .forms import TranscriptForm
from .models import Transcript


class ImportMessagesMixin:
    def form_valid(self, form):
        response = super().form_valid(form)
        for warning in getattr(form, "import_warnings", []):
            messages.warning(self.request, warning)
        return response


class TranscriptCreateView(ImportMessagesMixin, CreateView):
    pass


class TranscriptEditView(ImportMessagesMixin, EditView):
    pass


class TranscriptViewSet(ModelViewSet):
    model = Transcript
    icon = "doc-full"
    menu_label = _("Transcripts")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["__str__", "recording", "language", "kind", "source_format", "updated_at"]
    list_filter = ["language", "kind"]
    search_fields = ["testimony__title"]
    add_view_class = TranscriptCreateView
    edit_view_class = TranscriptEditView
    edit_handler = ObjectList(
        [
            PageChooserPanel("testimony", ["testimonies.TestimonyPage"]),
            FieldPanel("recording"),
            FieldRowPanel([FieldPanel("language"), FieldPanel("kind")]),
            MultiFieldPanel([FieldPanel("upload"), FieldPanel("replace_index")], heading=_("Import a file")),
            InlinePanel("segments", heading=_("Index (chapters)"), label=_("segment")),
            InlinePanel("cues", heading=_("Cues"), label=_("cue")),
            InlinePanel("notes", heading=_("Notes (footnotes)"), label=_("note")),
        ],
        base_form_class=TranscriptForm,
    )


@hooks.register("register_admin_viewset")
def register_transcripts():
    return TranscriptViewSet("transcripts")
