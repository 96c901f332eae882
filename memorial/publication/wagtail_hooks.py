"""The gate at Wagtail's own serving points: documents (and, below, restricted pages)."""

from django.http import Http404
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.permissions import policy_registry

from . import gate


@hooks.register("before_serve_document")
def serve_documents_through_the_gate(document, request):
    """A document is served to the public only while a public record shows it; staff who may choose it see it."""
    if gate.document_is_public(document):
        return None
    user = request.user
    policy = policy_registry.get_by_type(get_document_model())
    if user.is_authenticated and policy.user_has_permission_for_instance(user, "choose", document):
        return None
    raise Http404
