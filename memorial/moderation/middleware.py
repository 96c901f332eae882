"""Every admin screen about one page asks whether its user may read that page.

Wagtail's page rights reach a restricted page below a section (an archive-only testimony under
the testimonies an Editor manages); the edit, delete, copy and move screens refuse it through
hooks (``wagtail_hooks``), but its preview, revisions, comparisons, history and workflow screens
have no hook. They all take the page as ``page_id`` in the admin's pages namespace, so they are
refused here, in one place, with the same rule (``access.page_is_visible``).
"""

from wagtail.admin.auth import permission_denied
from wagtail.models import Page

from . import access

PAGES_NAMESPACE = "wagtailadmin_pages"


class HiddenPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or PAGES_NAMESPACE not in match.namespaces or "page_id" not in view_kwargs:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None  # the admin's own login check answers
        page = Page.objects.filter(pk=view_kwargs["page_id"]).first()
        if page is not None and not access.page_is_visible(user, page):
            return permission_denied(request)  # as the admin refuses: back to the dashboard, with a message
        return None
