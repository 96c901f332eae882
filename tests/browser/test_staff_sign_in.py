"""A person signing in to the admin in a real browser: password, then the second factor; first time, enrolment."""

import pytest
from django.contrib.auth.models import Group

from memorial.moderation import roles
from tests.accounts.helpers import PASSWORD, code_for

# Migrations create the locales, home pages and roles; keep them across transactional tests.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def desk(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def errors(page):
    return page.locator(".error-message, .messages, .w-field__errors").all_inner_texts()


def sign_in_with_password(page, base_url, username):
    page.goto(f"{base_url}/admin/login/")
    page.fill("input[name='username']", username)
    page.fill("input[name='password']", PASSWORD)
    page.click("button[type='submit']")


def test_a_new_editor_enrols_then_signs_in_with_password_and_code(live_server, desk, django_user_model):
    """The first sign-in leads to enrolment (key shown, code typed, recovery codes shown once); the next sign-in
    asks for a code before the dashboard opens."""
    user = django_user_model.objects.create_user("rana", "rana@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name=roles.EDITORS))

    sign_in_with_password(desk, live_server.url, "rana")
    desk.wait_for_url("**/admin/account/second-factor/enrol/")
    secret = desk.locator("code[dir='ltr']").first.inner_text()
    desk.fill("input[name='token']", code_for(secret))
    with desk.expect_navigation():
        desk.click("form.login-form button[type='submit']")
    assert desk.url.endswith("/admin/account/security/recovery-codes/"), (desk.url, errors(desk))
    assert desk.locator(".accounts-codes li").count() == 10
    desk.goto(f"{live_server.url}/admin/")
    assert desk.locator("#wagtail-sidebar-props").count() == 1, "the dashboard opens"

    desk.context.clear_cookies()  # a new browser session: signed out
    sign_in_with_password(desk, live_server.url, "rana")
    desk.wait_for_url("**/admin/account/second-factor/**")
    desk.goto(f"{live_server.url}/admin/pages/")
    assert "/admin/account/second-factor/" in desk.url, "nothing else opens before the code"
    desk.fill("input[name='token']", code_for(secret, ahead=1))
    with desk.expect_navigation():
        desk.click("form.login-form button[type='submit']")
    assert "/admin/pages/" in desk.url, (desk.url, errors(desk))
    assert desk.locator("#wagtail-sidebar-props").count() == 1
