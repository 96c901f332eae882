"""Write the CSV of public names (the same file as the admin's export)."""

from django.core.management.base import BaseCommand

from memorial.remembrance.export import write_csv


class Command(BaseCommand):
    help = "Export every public name as CSV (nothing unpublished; formula cells neutralised)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", default="-", help="File to write; '-' for standard output.")

    def handle(self, *args, **options):
        if options["output"] == "-":
            self.stdout.ending = ""  # the CSV writer ends its own lines
            write_csv(self.stdout)
            return
        with open(options["output"], "w", encoding="utf-8-sig", newline="") as stream:
            write_csv(stream)
        self.stderr.write(f"Wrote {options['output']}")
