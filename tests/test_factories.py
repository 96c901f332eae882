"""Every factory builds a valid, saved object, so tests can rely on them."""

import pytest
from wagtail.blocks import StreamValue

from memorial.core.blocks import CitedParagraphBlock, FiguresBlock
from tests import factories

PAGE_FACTORIES = [
    factories.HomePageFactory,
    factories.StandardPageFactory,
    factories.TestimonyIndexPageFactory,
    factories.TestimonyPageFactory,
    factories.RemembranceIndexPageFactory,
    factories.HistoryIndexPageFactory,
    factories.ArticlePageFactory,
    factories.TimelinePageFactory,
    factories.PlaceIndexPageFactory,
]
OTHER_FACTORIES = [
    factories.ImageFactory,
    factories.PlaceFactory,
    factories.SourceFactory,
    factories.ThemeFactory,
    factories.EventFactory,
    factories.RemembranceFactory,
    factories.TestimonyPersonFactory,
    factories.HomePageFeaturedTestimonyFactory,
]


@pytest.mark.django_db
@pytest.mark.parametrize("factory_class", PAGE_FACTORIES, ids=lambda f: f.__name__)
def test_page_factory_builds_a_valid_live_page(factory_class):
    page = factory_class()
    page.refresh_from_db()
    assert page.pk and page.live
    page.full_clean()
    assert page.get_parent() is not None
    assert page.locale == page.get_parent().locale


@pytest.mark.django_db
@pytest.mark.parametrize("factory_class", OTHER_FACTORIES, ids=lambda f: f.__name__)
def test_model_factory_builds_a_saved_object(factory_class):
    obj = factory_class()
    obj.refresh_from_db()
    assert obj.pk
    obj.full_clean()


@pytest.mark.django_db
def test_article_body_has_a_cited_paragraph_and_figures():
    article = factories.ArticlePageFactory()
    article.refresh_from_db()
    assert isinstance(article.body, StreamValue)
    types = [child.block_type for child in article.body]
    assert types == ["heading", "paragraph", "figures"]
    paragraph, figures = article.body[1], article.body[2]
    assert isinstance(paragraph.block, CitedParagraphBlock)
    assert len(paragraph.value["citations"]) == 2
    assert all(c["source"].pk for c in paragraph.value["citations"])
    assert isinstance(figures.block, FiguresBlock)
    assert [e["low"] for e in figures.value["estimates"]] == [10000, 2000]
    # The stored stream is valid as the admin form would validate it.
    article.body.stream_block.clean(article.body)


@pytest.mark.django_db
def test_pages_under_the_arabic_home_are_arabic():
    index = factories.TestimonyIndexPageFactory(parent=factories.home_page("ar"))
    testimony = factories.TestimonyPageFactory(parent=index)
    assert testimony.locale.language_code == "ar"


@pytest.mark.django_db
def test_draft_factory_page_is_not_live():
    page = factories.TestimonyPageFactory(live=False)
    assert not page.live and page.first_published_at is None


@pytest.mark.django_db
def test_site_tree_fixture(site_tree):
    assert site_tree.testimony_index.get_parent().specific == site_tree.home
    assert site_tree.article.get_parent().specific == site_tree.history_index
    assert site_tree.home.get_site().is_default_site
