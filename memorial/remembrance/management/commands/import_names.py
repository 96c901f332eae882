"""Import a list of names (CSV or XLSX) into the memorial, all or nothing."""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from memorial.remembrance.importer import ImportFileError, check, parse_mapping, read_table, run_import


class Command(BaseCommand):
    help = (
        "Import people from a CSV or XLSX list. Columns: name_ar, name_latin, name_variants (';'), birth_date, "
        "death_date (ISO or a year), place, fate, source (or give --mapping). Nothing is imported if any row "
        "has an error. Imported people are drafts for review unless --publish."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--mapping", default="", help="field=Column,... or a JSON object (or @file.json)")
        parser.add_argument("--source", default="", help="The list's source, for rows without a source column.")
        parser.add_argument("--dry-run", action="store_true", help="Check and report; import nothing.")
        parser.add_argument("--publish", action="store_true", help="Publish directly (an editor's decision).")
        parser.add_argument("--skip-duplicates", action="store_true", help="Leave out rows flagged as duplicates.")
        parser.add_argument("--encoding", default=None, help="The CSV's encoding when not UTF-8 (e.g. cp1256).")
        parser.add_argument("--user", default="", help="Username recorded on the revisions.")
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        mapping_text = options["mapping"]
        if mapping_text.startswith("@"):
            mapping_text = Path(mapping_text[1:]).read_text(encoding="utf-8")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No such user: {options['user']}")
        try:
            mapping = parse_mapping(mapping_text)
            header, body = read_table(path.read_bytes(), path.name, options["encoding"])
            report = check(header, body, mapping=mapping, default_source=options["source"])
            if report.ok and not options["dry_run"]:
                run_import(
                    report,
                    user=user,
                    publish=options["publish"],
                    skip_duplicates=options["skip_duplicates"],
                    progress=options["verbosity"] > 0 and not options["json"],
                )
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            data = report.summary()
            data["errors_detail"] = [{"line": e.line, "column": e.column, "message": e.message} for e in report.errors]
            data["duplicates_detail"] = [
                {"line": d.line, "other_line": d.other_line, "person_id": d.person_id, "reason": d.reason}
                for d in report.duplicates
            ]
            self.stdout.write(json.dumps(data, ensure_ascii=False))
        else:
            for error in report.errors[:200]:
                self.stderr.write(f"error: {error}")
            for duplicate in report.duplicates[:200]:
                self.stdout.write(f"possible duplicate, line {duplicate.line}: {duplicate.reason}")
            summary = report.summary()
            self.stdout.write(", ".join(f"{k}: {v}" for k, v in summary.items()))
        if not report.ok:
            raise CommandError(f"{len(report.errors)} row error(s); nothing was imported.")
        if options["dry_run"]:
            self.stdout.write(f"Dry run: {len(report.rows)} people would be created; nothing was imported.")
