import pytest

# Migrations create the locales, home pages and roles; keep them across transactional tests.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def has_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth + 1")


def test_home_pages_fit_a_small_phone_in_both_directions(demo_site, phone):
    """At 360 px the home page scrolls only vertically, and the Arabic one is right to left."""
    phone.goto(f"{demo_site.url}/en/")
    assert phone.get_attribute("html", "dir") == "ltr"
    assert not has_horizontal_scroll(phone)
    phone.goto(f"{demo_site.url}/ar/")
    assert phone.get_attribute("html", "lang") == "ar"
    assert phone.get_attribute("html", "dir") == "rtl"
    assert not has_horizontal_scroll(phone)


def test_skip_link_is_first_and_moves_focus_to_the_content(demo_site, phone):
    """A keyboard user's first Tab reaches the skip link, which jumps past the navigation."""
    phone.goto(f"{demo_site.url}/en/")
    phone.keyboard.press("Tab")
    focused = phone.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    phone.keyboard.press("Enter")
    assert phone.evaluate("location.hash") == "#main"


def test_visitor_reaches_every_family_by_following_links(demo_site, browser):
    """From the home page, links lead to a testimony, a person, the timeline, a place and search."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{demo_site.url}/en/")
    nav = page.get_by_role("navigation", name="Main")

    nav.get_by_role("link", name="Testimonies").click()
    page.locator("main a[href*='/testimonies/']").first.click()
    assert page.locator("h1").count() == 1
    assert "Sample" in page.content()

    page.goto(f"{demo_site.url}/en/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Names memorial").click()
    page.locator("main a[href*='/names/']").first.click()
    assert page.locator("h1").count() == 1

    page.goto(f"{demo_site.url}/en/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Timeline").click()
    assert page.locator("[id^='event-']").count() >= 10

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Places").click()
    page.locator("main a[href*='/places/']").first.click()
    assert page.locator("h1").count() == 1

    page.get_by_role("search").get_by_role("searchbox").fill("Hama")
    page.get_by_role("search").get_by_role("searchbox").press("Enter")
    assert "/search/" in page.url
    assert page.locator("main a").count() > 0
    context.close()
