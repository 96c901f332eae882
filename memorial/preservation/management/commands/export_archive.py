"""Write the archive (or its public part) as a BagIt bag."""

import getpass

from django.core.management.base import BaseCommand, CommandError

from memorial.audit.services import record_export
from memorial.preservation.bag import BagRefused
from memorial.preservation.export import PRIVATE_NOTICE, export_archive


class Command(BaseCommand):
    help = (
        "Export every record and file as a BagIt bag in DEST (a new or empty folder outside the media folders). "
        "With --public-only, only what the public may see now."
    )

    def add_arguments(self, parser):
        parser.add_argument("dest", help="The folder to write the bag to; it must not exist or be empty.")
        parser.add_argument(
            "--public-only",
            action="store_true",
            help="Only public pages, people, transcripts and files, as the publication gate allows.",
        )
        parser.add_argument("--reason", default="", help="Why the archive is exported (kept in the record of reads).")

    def handle(self, *args, **options):
        reason = " ".join(options["reason"].split())
        if not reason:
            raise CommandError("Say why the archive is exported: --reason '...' (kept in the record of reads).")
        try:
            result = export_archive(options["dest"], public_only=options["public_only"])
        except BagRefused as exc:
            raise CommandError(str(exc)) from exc
        record_export(
            None,
            f"archive export ({result.scope}) to {result.path}",
            reason=reason,
            actor_name=f"export_archive ({getpass.getuser()})",
        )
        rows = sum(result.counts.values())
        self.stdout.write(f"Wrote a {result.scope} export to {result.path}: {rows} records, {result.files} files.")
        if result.private:
            self.stdout.write(self.style.WARNING(PRIVATE_NOTICE))
