from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import views


@hooks.register("register_admin_urls")
def account_urls():
    return [
        path("account/second-factor/", views.second_factor, name="accounts_second_factor"),
        path("account/second-factor/enrol/", views.enrol, name="accounts_enrol"),
        path("account/security/", views.security, name="accounts_security"),
        path("account/security/recovery-codes/", views.recovery_codes, name="accounts_recovery_codes"),
        path("account/security/recovery-codes/new/", views.new_recovery_codes, name="accounts_new_recovery_codes"),
        path("account/security/remove/<str:kind>/<int:pk>/", views.remove_device, name="accounts_remove_device"),
        path("account/security/sign-out-everywhere/", views.sign_out_everywhere, name="accounts_sign_out_everywhere"),
    ]


@hooks.register("register_account_menu_item")
def security_menu_item(request):
    return {
        "url": reverse("accounts_security"),
        "label": _("Two-step verification"),
        "help_text": _("Your authenticator apps, passkeys and recovery codes."),
    }


@hooks.register("register_account_menu_item")
def sign_out_everywhere_menu_item(request):
    return {
        "url": reverse("accounts_security") + "#sessions",
        "label": _("Sign out everywhere"),
        "help_text": _("End your sessions on every computer and phone, this one too."),
    }
