"""Write the CSV of public names (the same file as the admin's export)."""

import getpass

from django.core.management.base import BaseCommand, CommandError

from memorial.audit.services import record_export
from memorial.remembrance.export import write_csv


class Command(BaseCommand):
    help = "Export every public name as CSV (nothing unpublished; formula cells neutralised)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", default="-", help="File to write; '-' for standard output.")
        parser.add_argument("--reason", default="", help="Why the export is made (written to the record of reads).")

    def handle(self, *args, **options):
        reason = " ".join(options["reason"].split())
        if not reason:
            raise CommandError("Say why the names are exported: --reason '...' (kept in the record of reads).")
        record_export(None, "names CSV", reason=reason, actor_name=f"export_names ({getpass.getuser()})")
        if options["output"] == "-":
            self.stdout.ending = ""  # the CSV writer ends its own lines
            write_csv(self.stdout)
            return
        with open(options["output"], "w", encoding="utf-8-sig", newline="") as stream:
            write_csv(stream)
        self.stderr.write(f"Wrote {options['output']}")
