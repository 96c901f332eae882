"""Which language a visitor gets, and how the language switcher moves between translations."""

import pytest
from wagtail.models import Locale


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("ar", "/ar/"),
        ("ar-SY,ar;q=0.9,en;q=0.8", "/ar/"),
        ("en-GB,en;q=0.9", "/en/"),
        ("fr-FR,fr;q=0.9,ar;q=0.5", "/ar/"),  # Arabic is the first of the visitor's languages we have
        ("de-DE,de;q=0.9", "/en/"),  # none of them: English
        ("", "/en/"),
        ("x" * 300, "/en/"),  # a malformed header is ignored, not an error
    ],
)
def test_root_sends_the_visitor_to_their_language(client, site_tree, accept_language, expected):
    """`/` redirects by Accept-Language to /ar/ or /en/, and to English when neither is asked for."""
    response = client.get("/", headers={"accept-language": accept_language})

    assert response.status_code == 302
    assert response["Location"] == expected
    assert "Accept-Language" in response.get("Vary", "")  # caches must not serve one language to all
    assert client.get(expected).status_code == 200


@pytest.mark.django_db
def test_an_unprefixed_address_keeps_its_path(client, site_tree):
    """An address without a language prefix goes to the same page in the visitor's language."""
    response = client.get("/about/", headers={"accept-language": "en"})

    assert response.status_code == 302
    assert response["Location"] == "/en/about/"


def switcher_links(html):
    """{language code: (href, note)} for the switcher's links, note being the "not translated" text if any."""
    start = html.index('class="language-switcher"')
    nav = html[start : html.index("</nav>", start)]
    links = {}
    for item in nav.split("<li>")[1:]:
        code = item.split('hreflang="', 1)[1].split('"', 1)[0]
        href = item.split('href="', 1)[1].split('"', 1)[0]
        note = ""
        if "data-no-translation" in item:
            note = item.split("data-no-translation", 1)[1].split(">", 1)[1].split("<", 1)[0].strip()
        links[code] = (href, note)
    return links


@pytest.mark.django_db
def test_switcher_links_a_page_to_its_translation(client, site_tree):
    """The Arabic link of a translated page leads to its Arabic version, and back again."""
    arabic = Locale.objects.get(language_code="ar")
    article = site_tree.article
    article_ar = article.copy_for_translation(arabic, copy_parents=True)
    article_ar.title = "حصار المدينة"
    article_ar.save_revision().publish()
    article_ar.refresh_from_db()

    english_html = client.get(article.url).content.decode()
    href, note = switcher_links(english_html)["ar"]
    assert href == article_ar.url and note == ""
    head = " ".join(english_html.split("</head>")[0].split())
    assert f'<link rel="alternate" hreflang="ar" href="http://localhost{article_ar.url}">' in head

    arabic_html = client.get(article_ar.url).content.decode()
    assert switcher_links(arabic_html)["en"] == (article.url, "")
    assert client.get(href).status_code == 200


@pytest.mark.django_db
def test_switcher_says_when_a_page_has_no_translation(client, site_tree):
    """An untranslated page says so in the switcher and offers the other language's home page instead."""
    html = client.get(site_tree.standard.url).content.decode()

    href, note = switcher_links(html)["ar"]
    assert href == "/ar/"
    assert note == "(not translated: home page)"
    assert 'aria-describedby="no-translation-ar"' in html
    head = " ".join(html.split("</head>")[0].split())
    assert 'rel="alternate" hreflang="ar"' not in head  # no alternate for a missing translation


@pytest.mark.django_db
def test_the_switcher_note_is_in_the_visitors_language(client, site_tree):
    """On an Arabic page without an English version, the note is written in Arabic."""
    arabic = Locale.objects.get(language_code="ar")
    only_arabic = site_tree.home_ar.add_child(
        instance=type(site_tree.standard)(title="صفحة بالعربية فقط", slug="arabic-only", locale=arabic)
    )
    only_arabic.save_revision().publish()

    html = client.get(only_arabic.url).content.decode()

    href, note = switcher_links(html)["en"]
    assert href == "/en/"
    assert note == "(غير مترجمة: الصفحة الرئيسية)"
