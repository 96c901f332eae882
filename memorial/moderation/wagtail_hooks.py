"""The admin asks ``access`` what each user may read: choosers, page actions and two reports."""

from django.core.exceptions import PermissionDenied
from wagtail import hooks

from . import access


@hooks.register("construct_page_chooser_queryset")
def pages_to_choose(pages, request):
    return access.pages_to_choose(request.user, pages)


@hooks.register("construct_image_chooser_queryset")
def images_to_choose(images, request):
    return access.media_to_choose(request.user, images, "wagtailimages.change_image")


@hooks.register("construct_document_chooser_queryset")
def documents_to_choose(documents, request):
    return access.media_to_choose(request.user, documents, "wagtaildocs.change_document")


def _refuse_hidden_page(request, page):
    # Wagtail's page rights reach a restricted page below a section; reading it is for its groups.
    if not access.page_is_visible(request.user, page):
        raise PermissionDenied


for _hook in ("before_edit_page", "before_delete_page", "before_copy_page", "before_move_page"):
    hooks.register(_hook, _refuse_hidden_page)
