"""Re-hash every original against the SHA-256 recorded when it arrived."""

from django.core.management.base import BaseCommand, CommandError

from memorial.preservation.fixity import run_fixity_check


class Command(BaseCommand):
    help = (
        "Re-hash every sealed original and recording original against the SHA-256 recorded when it arrived; "
        "name every missing or changed file and exit with a non-zero status if there is one."
    )

    def handle(self, *args, **options):
        report = run_fixity_check()
        for problem in report.problems:
            self.stderr.write(str(problem))
        if not report.ok:
            raise CommandError(f"{len(report.problems)} of {report.checked} files failed the fixity check.")
        self.stdout.write(f"All {report.checked} files unchanged.")
