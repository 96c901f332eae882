"""The public forms from the page cache: one shell for everyone, a token and a nonce of one's own.

A blank form is the same page for every anonymous visitor but for its CSRF token and its one-time
nonce. The page cache keeps it once with a placeholder in each and fills them for each request:
the kept shell holds nobody's token, no two visitors get the same values, and a form served from
it can be sent.
"""

import re

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from memorial.publication import page_cache
from memorial.submissions.forms import read_nonce
from memorial.submissions.models import Submission
from tests import factories
from tests.utils import HOSTILE_VALUES, cache_keys, login_verified

pytestmark = pytest.mark.django_db

HEADER = page_cache.HEADER
TESTIMONY = "/en/contribute/testimony/"
REMEMBRANCE = "/en/contribute/remember-a-person/"


def values(response):
    """The CSRF token and the nonce a form page carries."""
    html = response.content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    nonce = re.search(r'name="nonce" value="([^"]+)"', html).group(1)
    return token, nonce


def shells():
    """The kept form shells (keys as the backend lists them; the local memory one adds its version)."""
    entries = [cache.get(key.removeprefix(":1:")) for key in cache_keys()]
    return [entry for entry in entries if isinstance(entry, dict) and "placeholders" in entry]


@pytest.mark.parametrize("url", [TESTIMONY, REMEMBRANCE])
def test_the_blank_form_is_kept_once_and_served_without_a_query(site_tree, url, django_assert_num_queries):
    """The second visitor's form comes from the shell, without a query, and still personal to them."""
    first = Client().get(url)
    assert first.status_code == 200 and first[HEADER] == "miss"
    with django_assert_num_queries(0):
        second = Client().get(url)
    assert second.status_code == 200 and second[HEADER] == "hit"
    for response in (first, second):
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert page_cache.SLOT_PREFIX not in response.content.decode()
        assert "csrftoken" in response.cookies
    assert len(shells()) == 1


def test_every_visitor_gets_a_token_and_a_nonce_of_their_own(site_tree):
    """Five visitors from one shell: five tokens, five nonces, every nonce valid, the rest of the page alike."""
    responses = [Client().get(REMEMBRANCE) for _ in range(5)]
    assert [r[HEADER] for r in responses] == ["miss"] + ["hit"] * 4
    tokens, nonces = zip(*(values(r) for r in responses), strict=True)
    assert len(set(tokens)) == 5 and len(set(nonces)) == 5
    assert all(read_nonce(nonce) for nonce in nonces)
    pages = {
        r.content.decode().replace(t, "T").replace(n, "N") for r, t, n in zip(responses, tokens, nonces, strict=True)
    }
    assert len(pages) == 1


def test_the_kept_shell_holds_no_token_and_no_nonce(site_tree):
    """What the cache holds has placeholders where the values were, never a value served to anyone."""
    served = [values(Client().get(TESTIMONY)) for _ in range(3)]
    (shell,) = shells()
    content = shell["content"].decode()
    for token, nonce in served:
        assert token not in content and nonce not in content
    stored_nonce = re.search(r'name="nonce" value="([^"]+)"', content).group(1)
    assert stored_nonce == shell["placeholders"]["nonce"] and not read_nonce(stored_nonce)
    assert f'name="csrfmiddlewaretoken" value="{shell["placeholders"]["csrf_token"]}"' in content
    assert not any(name.lower() in {"set-cookie", "cache-control"} for name, _ in shell["headers"])


def test_a_form_served_from_the_shell_can_be_sent_with_csrf_checks_on(site_tree):
    """The token filled in matches the visitor's own CSRF cookie, and the nonce is accepted once."""
    Client().get(REMEMBRANCE)
    visitor = Client(enforce_csrf_checks=True)
    form = visitor.get(REMEMBRANCE)
    assert form[HEADER] == "hit"
    token, nonce = values(form)
    data = {
        "csrfmiddlewaretoken": token,
        "name_latin": "Sample Shell Person",
        "fate": "missing",
        "publication_level": "public",
        "consent": "on",
        "relation": "a neighbour",
        "nonce": nonce,
    }
    sent = visitor.post(REMEMBRANCE, data)
    assert sent.status_code == 302, sent.content.decode()[:2000]
    assert Submission.objects.get().remembrance.name_latin == "Sample Shell Person"
    # Another visitor's token (from the same shell) is refused with this visitor's cookie.
    other_token, _ = values(Client().get(REMEMBRANCE))
    stranger = Client(enforce_csrf_checks=True)
    stranger.get(REMEMBRANCE)
    stranger.cookies["csrftoken"] = "x" * 32
    assert stranger.post(REMEMBRANCE, {**data, "csrfmiddlewaretoken": other_token}).status_code == 403
    assert Submission.objects.count() == 1


def test_a_signed_in_contributor_never_reads_nor_fills_the_shell(client, site_tree, django_user_model):
    """Someone signed in gets a form rendered for them, and leaves nothing in the cache."""
    user = django_user_model.objects.create_user("contributor", password="x")
    login_verified(client, user)
    for _ in range(2):
        response = client.get(TESTIMONY)
        assert response.status_code == 200 and HEADER not in response
    assert shells() == []


def test_a_form_about_a_person_is_its_own_shell_and_forgets_an_unpublished_person(site_tree):
    """The person's name is kept with their form; unpublishing them empties it at the very next request."""
    person = factories.RemembranceFactory(name_latin="Qzshell Remembered", name_ar="قزشل")
    url = f"{REMEMBRANCE}?about={person.pk}"
    Client().get(REMEMBRANCE)
    first = Client().get(url)
    assert first[HEADER] == "miss" and "Qzshell Remembered" in first.content.decode()
    second = Client().get(url)
    assert second[HEADER] == "hit" and "Qzshell Remembered" in second.content.decode()
    person.unpublish()
    after = Client().get(url)
    assert after.status_code == 200 and "Qzshell Remembered" not in after.content.decode()


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_hostile_about_values_get_the_plain_form_and_add_no_entry(site_tree, value):
    """Nobody fills the cache at will: anything but a public person's id is the plain form's one shell."""
    first = Client().get(REMEMBRANCE, {"about": value, "q": "Qzpoison"})
    assert first.status_code == 200 and HEADER not in first and read_nonce(values(first)[1])
    assert shells() == []
    Client().get(REMEMBRANCE)
    response = Client().get(REMEMBRANCE, {"about": value})
    assert response.status_code == 200 and response[HEADER] == "hit"
    assert "<script>alert" not in response.content.decode()
    assert len(shells()) == 1


def test_a_shell_never_carries_a_visitor_s_query_string(site_tree):
    """The page links its own address (the language switcher): a shell is made only from the plain one."""
    person = factories.RemembranceFactory(name_latin="Qzquery Person")
    for query in ("q=Qzpoison", f"about={person.pk}&q=Qzpoison", f"q=Qzpoison&about={person.pk}"):
        assert "Qzpoison" in Client().get(f"{REMEMBRANCE}?{query}").content.decode()
    assert shells() == []
    for url in (REMEMBRANCE, f"{REMEMBRANCE}?about={person.pk}"):
        Client().get(url)
    assert len(shells()) == 2
    for query in ("q=Qzpoison", f"about={person.pk}&q=Qzpoison"):
        response = Client().get(f"{REMEMBRANCE}?{query}")
        assert response[HEADER] == "hit" and "Qzpoison" not in response.content.decode()


def test_a_closed_testimony_form_is_never_kept(site_tree):
    """Without a testimony section the form says so (503), and that answer is not kept."""
    site_tree.testimony_index.unpublish()
    for _ in range(2):
        response = Client().get(TESTIMONY)
        assert response.status_code == 503 and HEADER not in response
    assert shells() == []


def test_head_is_served_from_the_shell(site_tree):
    Client().get(TESTIMONY)
    head = Client().head(TESTIMONY)
    assert head.status_code == 200 and head[HEADER] == "hit" and head.content == b""


def _slotted(render):
    request = RequestFactory().get("/en/contribute/x/")
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    request.META["CSRF_COOKIE"] = "s" * 32
    return page_cache.with_slots(request, render, {"nonce": lambda: "fresh-nonce"})


def test_a_render_that_prints_a_real_token_or_drops_a_slot_is_not_kept(site_tree):
    """A shell is kept only when every slot holds its placeholder and no real CSRF token is in it."""
    leaky = lambda slots: HttpResponse(  # noqa: E731
        f'<input name="csrfmiddlewaretoken" value="{slots["csrf_token"]}">'
        f'<input name="csrfmiddlewaretoken" value="someone-else">'
        f'<input name="nonce" value="{slots["nonce"]}">'
    )
    response = _slotted(leaky)
    assert HEADER not in response and b"fresh-nonce" in response.content and b"someone-else" in response.content
    no_nonce = lambda slots: HttpResponse(f'<input name="csrfmiddlewaretoken" value="{slots["csrf_token"]}">')  # noqa: E731
    assert HEADER not in _slotted(no_nonce)
    assert shells() == []
    whole = lambda slots: HttpResponse(  # noqa: E731
        f'<input name="csrfmiddlewaretoken" value="{slots["csrf_token"]}"><input name="nonce" value="{slots["nonce"]}">'
    )
    assert _slotted(whole)[HEADER] == "miss" and _slotted(whole)[HEADER] == "hit"


def test_the_page_cache_switched_off_renders_every_form(site_tree, settings):
    settings.MEMORIAL_PAGE_CACHE = False
    for _ in range(2):
        assert HEADER not in Client().get(TESTIMONY)
    assert shells() == []


def test_the_form_shell_follows_the_language(site_tree):
    """The Arabic form is its own shell."""
    Client().get(REMEMBRANCE)
    with_language = reverse("submissions:remembrance").replace("/en/", "/ar/")
    assert Client().get(with_language)[HEADER] == "miss"
    assert len(shells()) == 2
