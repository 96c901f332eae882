"""Load the demo content: sections, history, sample records, images and (in development) users.

Safe to run any number of times: what exists is left as it is, and nothing is duplicated.
"""

import logging
import time
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from memorial.accounts.demo import development_app
from memorial.demo.loader import DEMO_PASSWORD, DemoError, DemoLoader
from memorial.demo.names import load_generated_names

# Loggers that report every save and background index task at INFO: hundreds of lines here.
NOISY_LOGGERS = ["django_tasks", "wagtail", "modelsearch"]


@contextmanager
def quiet_loggers(names):
    saved = {name: logging.getLogger(name).level for name in names}
    for name in names:
        logging.getLogger(name).setLevel(logging.WARNING)
    try:
        yield
    finally:
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)


class Command(BaseCommand):
    help = "Load the demo content of the memorial archive (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--names",
            type=int,
            default=0,
            metavar="N",
            help="also make sure N generated sample people are in the names memorial (through the bulk import)",
        )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        started = time.monotonic()
        loader = DemoLoader()
        try:
            if verbosity >= 2:
                created = loader.run()
            else:
                with quiet_loggers(NOISY_LOGGERS):
                    created = loader.run()
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        if options["names"] < 0:
            raise CommandError("--names must be 0 or more.")
        if options["names"]:
            with quiet_loggers(NOISY_LOGGERS):
                added = load_generated_names(options["names"], progress=verbosity >= 1 and self.stdout.isatty())
            if added:
                created = {**created, "generated sample people": added}
        if verbosity < 1:
            return
        elapsed = time.monotonic() - started
        if created:
            summary = ", ".join(f"{count} {label}" for label, count in created.items())
            self.stdout.write(self.style.SUCCESS(f"Demo content loaded in {elapsed:.1f} s: {summary}."))
        else:
            self.stdout.write("Demo content already present: nothing to add.")
        if loader.users:
            self.stdout.write(f"Development logins (password for all: {DEMO_PASSWORD}):")
            for username, role in loader.users:
                self.stdout.write(f"  {username:<12} {role}")
            self._second_factor(loader.users)

    def _second_factor(self, users):
        """Development settings give each login an authenticator app whose key is printed here; anywhere else each
        login sets one up at its first sign-in."""
        if not (getattr(settings, "MEMORIAL_DEMO_SECOND_FACTOR", False) and settings.DEBUG):
            self.stdout.write(
                "Each login sets up its second factor at its first sign-in: the admin shows a QR code and a key "
                "for an authenticator app (FreeOTP, Aegis, Google Authenticator...)."
            )
            return
        self.stdout.write("Second factor (development only): add these keys to an authenticator app.")
        user_model = get_user_model()
        for username, _role in users:
            secret, uri = development_app(user_model.objects.get(username=username))
            self.stdout.write(f"  {username:<12} {secret}  {uri}")
