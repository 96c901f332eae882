import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from memorial.api.router import api_router
from memorial.moderation import reports as moderation_reports
from memorial.oai import views as oai_views
from memorial.publication import routing
from memorial.publication import views as publication_views
from memorial.publication.media_views import public_media
from memorial.publication.sitemap import PublicSitemap
from memorial.search import views as search_views

urlpatterns = [
    # Two of Wagtail's reports, read through the roles' rules (memorial.moderation.reports), at their own address.
    path("admin/reports/", include(moderation_reports)),
    # Passkeys as a second factor (django-otp-webauthn's ceremony endpoints), open before the admin's own check.
    path("admin/passkeys/", include("django_otp_webauthn.urls", namespace="otp_webauthn")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": PublicSitemap}}, name="sitemap"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain"), name="robots"),
    path("recordings/", include("memorial.recordings.urls")),
    path("iiif/", include("memorial.api.urls")),
    path("api/v2/", api_router.urls),
    path("id/<uuid:identifier>/", publication_views.identifier, name="identifier"),
    path("oai/", oai_views.endpoint, name="oai"),
]

# Public media in every environment, through the publication gate and with byte ranges. On a local
# MEDIA_URL ("/media/") only: a MEDIA_URL on another host (a bucket, a CDN) is not this site's to serve.
if settings.MEDIA_URL.startswith("/") and not settings.MEDIA_URL.startswith("//"):
    urlpatterns.append(
        re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>[\s\S]*)$", public_media, name="public_media")
    )

urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("", include("memorial.submissions.urls")),
    # Wagtail's page view with remembered routes (memorial.publication.routing); its other views follow.
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
