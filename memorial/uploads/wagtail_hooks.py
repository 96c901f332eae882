from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import held, views
from .models import CleaningStatus, SealedOriginal


class SealedFilesColumn(Column):
    """Download links for the files this user may read: cleaned copies for reviewers, originals for Archivists."""

    cell_template_name = "uploads/sealed_files_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        user = parent_context["request"].user
        links = []
        if instance.cleaned and user.has_perm(views.REVIEW_PERMISSION):
            links.append((reverse("uploads_cleaned_copy", args=[instance.pk]), _("Cleaned copy")))
        item = instance.public_object if instance.status == CleaningStatus.HELD else None
        if held.is_held(item) and user.has_perm(views.REVIEW_PERMISSION):
            kind = "image" if instance.kind == "image" else "document"
            links.append((reverse("uploads_held_file", args=[kind, item.pk]), _("Held file")))
        if instance.original and user.has_perm(views.ORIGINAL_PERMISSION):
            links.append((reverse("uploads_original", args=[instance.pk]), _("Original")))
        context["links"] = links
        return context


class SealedOriginalViewSet(SnippetViewSet):
    model = SealedOriginal
    icon = "lock"
    menu_label = _("Sealed originals")
    menu_order = 320
    add_to_admin_menu = True
    list_display = [
        "original_name",
        "kind",
        "status",
        "sha256",
        "submission",
        "created_at",
        SealedFilesColumn("files", label=_("Download"), accessor=lambda record: ""),
    ]
    list_filter = ["kind", "status"]
    search_fields = ["sha256", "original_name"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "original_name",
        "kind",
        "mime_type",
        "size",
        "sha256",
        "cleaned_sha256",
        "status",
        "hold_reason",
        "cleaning_note",
        "submission",
        "created_at",
    ]
    form_fields = ["status"]


register_snippet(SealedOriginalViewSet)


@hooks.register("register_admin_urls")
def sealed_file_urls():
    return [
        path("uploads/<int:pk>/cleaned/", views.cleaned_copy, name="uploads_cleaned_copy"),
        path("uploads/<int:pk>/original/", views.original, name="uploads_original"),
        path("uploads/held/<str:kind>/<int:pk>/", views.held_file, name="uploads_held_file"),
    ]


@hooks.register("before_serve_document", order=-100)
def held_documents_have_no_address(document, request):
    # Before Wagtail's own collection check, which would send a visitor to the login page instead.
    if held.is_held(document):
        raise Http404
