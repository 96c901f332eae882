"""A URL configuration with no language prefixes, named on the API's 404 answers.

Django's LocaleMiddleware answers a 404 outside the language-prefixed routes with a redirect to
the same address under ``/en/`` when that address would match a route, and the site's pages
match every address ending in a slash. A missing or hidden record of the API is a plain JSON 404
instead: the middleware reads ``request.urlconf``, and this one uses no language prefix.
"""

urlpatterns = []
