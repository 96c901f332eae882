from wagtail.signals import page_published, published


def _page_published(sender, instance, **kwargs):
    from memorial.testimonies.models import TestimonyPage

    if isinstance(instance, TestimonyPage):
        from .services import enforce_on_publish

        enforce_on_publish(instance)


def _snippet_published(sender, instance, **kwargs):
    from memorial.remembrance.models import Remembrance

    if isinstance(instance, Remembrance):
        from .services import enforce_on_publish

        enforce_on_publish(instance)


def connect():
    page_published.connect(_page_published, dispatch_uid="memorial_consent_page_published")
    published.connect(_snippet_published, dispatch_uid="memorial_consent_snippet_published")
