"""The gate at Wagtail's own serving points: documents (and, below, restricted pages)."""

from django.http import Http404
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction
from wagtail.permissions import policy_registry

from memorial.core.middleware import signed_in

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


@hooks.register("before_serve_page")
def restricted_pages_do_not_exist_for_others(page, request, serve_args, serve_kwargs):
    """A page under a login or group restriction answers 404 to whoever may not read it.

    Wagtail would send an anonymous visitor to the login page, which confirms that an archive-only
    testimony exists; here the answer is the one for an address with no page. This hook runs before
    Wagtail's own check, which still serves those who pass (Archivists) with its no-cache headers.
    Password restrictions keep Wagtail's password form.
    """
    # A page routed through a remembered address was read through the gate, which found no restriction.
    found = getattr(page, "memorial_view_restrictions", None)
    if found is None:
        found = list(page.get_view_restrictions())
    # Wagtail's own check, which runs next, reads the same restrictions: hand it this list, not a query.
    page.get_view_restrictions = lambda: found
    restrictions = [
        restriction for restriction in found if restriction.restriction_type != PageViewRestriction.PASSWORD
    ]
    if not restrictions:
        return None
    # A visitor without a session is turned away before the session is read, so the answer does not
    # even vary on the cookie, as a missing page's does not.
    if not signed_in(request) or not all(restriction.accept_request(request) for restriction in restrictions):
        raise Http404
    return None
