"""Mutation testing: each rule-bearing module against its own tests, in a copy of the tree.

    make mutation                      # every module below
    make mutation MODULES=gate         # the named ones

For each module, cosmic-ray makes small changes to the code (a comparison turned round, a
constant changed, a condition removed), one at a time, and runs the module's tests against each;
a change the tests do not notice (a surviving mutant) is a rule nothing checks. A module whose rules
are also stated by the tests of the surfaces it serves (the gate's, the player's) names those as
its further tests: each mutant the module's own tests let through is applied again and run against
them, and the figures say how many each stage killed. The work happens
in a temporary copy of the tracked files, so the working tree is never modified. Prints the kill
rate per module and lists the survivors; exits non-zero only when a run itself fails.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"

# name -> (module, tests that state its rules, separated by spaces)
MODULES = {
    "gate": ("memorial/publication/gate.py", "tests/publication/test_gate.py"),
    "exposures": ("memorial/publication/exposures.py", "tests/publication/test_gate.py"),
    "consent": (
        "memorial/consent/services.py",
        "tests/moderation/test_consent_rules.py tests/moderation/test_consent.py",
        " ".join(
            [
                "tests/publication/test_hold_back.py",
                "tests/publication/test_gate.py",
                "tests/recordings/test_anonymity.py",
                "tests/recordings/test_withdrawal.py",
                "tests/remembrance/test_merge_visibility.py",
                "tests/moderation/test_workflows.py",
            ]
        ),
    ),
    "redaction": (
        "memorial/recordings/redaction.py",
        " ".join(
            [
                "tests/recordings/test_redaction_mutants.py",
                "tests/recordings/test_redaction_rules.py",
                *(
                    f"tests/recordings/test_player.py::{test}"
                    for test in (
                        "test_redacted_text_is_absent_from_every_public_response",
                        "test_public_recording_is_silent_where_text_is_withheld",
                        "test_a_stale_public_copy_is_never_served",
                        "test_a_seal_ends_on_its_date_for_the_words_and_then_the_sound",
                        "test_archivists_read_and_hear_the_unredacted_originals",
                        "test_downloads_are_public_parts_only_and_well_formed",
                        "test_search_never_finds_withheld_words",
                        "test_a_translated_page_playing_the_same_original_is_silenced_too",
                    )
                ),
                *(
                    f"tests/recordings/test_reimport.py::{test}"
                    for test in (
                        "test_reimporting_a_transcript_carries_its_redactions_and_seals",
                        "test_a_phrase_whose_line_moved_follows_its_words",
                        "test_a_reimport_that_would_drop_a_redaction_is_refused",
                    )
                ),
            ]
        ),
    ),
    # The pipeline's own rule-by-rule tests first (most mutants fail them in seconds), then the rest.
    "uploads": (
        "memorial/uploads/pipeline.py",
        "tests/uploads/test_pipeline_mutants.py tests/uploads/test_pipeline.py",
        " ".join(
            [
                "tests/uploads/test_lossless_images.py",
                "tests/uploads/test_lossless_recordings.py",
                "tests/uploads/test_metadata_formats.py",
                "tests/uploads/test_unknown_types.py",
                "tests/uploads/test_sealed_hashes.py",
                "tests/uploads/test_held_files.py",
                "tests/uploads/test_admin_uploads.py",
                "tests/submissions/test_all_or_nothing.py",
            ]
        ),
    ),
    "roles": (
        "memorial/moderation/roles.py",
        "tests/moderation/test_permissions.py",
        "tests/moderation/test_role_matrix.py tests/moderation/test_setup.py",
    ),
    "importer": (
        "memorial/remembrance/importer.py",
        "tests/remembrance/test_import.py tests/remembrance/test_import_limits.py",
        "tests/remembrance/test_import_dates.py tests/remembrance/test_rules.py",
    ),
}

TEST_COMMAND = "{python} -m pytest -x -q -p no:cacheprovider -p no:randomly --reuse-db -m 'not browser' {tests}"

CONFIG = """[cosmic-ray]
module-path = "{module}"
timeout = {timeout}
excluded-modules = []
test-command = "{command}"

[cosmic-ray.distributor]
name = "local"
"""


def copy_tree(destination):
    git = shutil.which("git") or "git"
    files = subprocess.run(  # noqa: S603 - a fixed command
        [git, "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in filter(None, files):
        source = ROOT / name.decode()
        if source.is_file():
            target = destination / name.decode()
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def test_command(tests):
    return TEST_COMMAND.format(python=PYTHON, tests=tests)


def run_for_a_while(command, work, env, minutes):
    """Run ``command``; with ``minutes``, stop it (and the test run it started) after that long. The
    mutants run so far keep their results in the session, and the summary says how many were not run."""
    process = subprocess.Popen(command, cwd=work, env=env, start_new_session=True)  # noqa: S603
    try:
        returncode = process.wait(timeout=minutes * 60 if minutes else None)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait()
        print(f"stopped after {minutes:g} minutes (MUTATION_MINUTES)")
        return
    if returncode:
        raise subprocess.CalledProcessError(returncode, command)


def run_module(name, module, tests, timeout, further="", minutes=None):
    work = Path(tempfile.mkdtemp(prefix=f"memorial-mutation-{name}-"))
    try:
        copy_tree(work)
        env = {**os.environ, "TEST_DATABASE_FILE": str(work / "test-db.sqlite3"), "PYTHONDONTWRITEBYTECODE": "1"}
        env.pop("DATABASE_URL", None)
        config = work / "mutation.toml"
        config.write_text(CONFIG.format(module=module, command=test_command(tests), timeout=timeout))
        session = work / "session.sqlite"
        cosmic = [str(ROOT / ".venv" / "bin" / "cosmic-ray")]
        # The first run creates the test database that every mutant's run then reuses.
        warm = subprocess.run(  # noqa: S603
            [
                str(PYTHON),
                *("-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-m", "not browser"),
                *tests.split(),
                *further.split(),
            ],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
        )
        if warm.returncode != 0:
            print(f"{name}: its tests fail before any mutation:\n{warm.stdout[-2000:]}")
            return None
        subprocess.run([*cosmic, "init", str(config), str(session)], cwd=work, env=env, check=True)  # noqa: S603
        run_for_a_while([*cosmic, "exec", str(config), str(session)], work, env, minutes)
        dump = subprocess.run(  # noqa: S603
            [*cosmic, "dump", str(session)], cwd=work, env=env, capture_output=True, text=True, check=True
        ).stdout

        def again(operator, occurrence):
            return recheck(work, env, module, operator, occurrence, further, timeout)

        return summarise(name, module, dump, again)
    finally:
        shutil.rmtree(work, ignore_errors=True)


# `cosmic-ray mutate-and-test` gives the tests no time limit: a mutant that makes them hang (an upload
# parser reading zero bytes at a time) would stop the run. This is the same call, with the first stage's
# limit; a run that exceeds it counts as killed, as it does in the first stage.
RECHECK = """
import contextlib, json, os, sys
from pathlib import Path
from cosmic_ray.cli import _result_to_dict
from cosmic_ray.mutating import mutate_and_test
from cosmic_ray.work_item import MutationSpec
module, operator, occurrence, command, timeout = sys.argv[1:]
spec = MutationSpec(Path(module), operator, int(occurrence), (0, 0), (0, 1))
with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):
    result = mutate_and_test([spec], command, float(timeout))
print(json.dumps(_result_to_dict(result)))
"""


def recheck(work, env, module, operator, occurrence, further, timeout):
    """Whether the further tests kill a mutant the module's own tests let through (None: not run)."""
    if not further:
        return False
    found = subprocess.run(  # noqa: S603
        [str(PYTHON), "-c", RECHECK, module, operator, str(occurrence), test_command(further), str(timeout)],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    try:
        result = json.loads(found.stdout)
    except ValueError:
        return None
    if result.get("worker_outcome") not in (None, "normal"):
        return None
    return result.get("test_outcome") == "killed"


def summarise(name, module, dump, recheck=None):
    """Killed, survived, and not run: a mutant cosmic-ray could not apply or whose run broke (a worker
    exception, e.g. its known failure on a dotted exception name in a tuple) proves nothing either way,
    so it is counted apart, never as killed."""
    killed, further_killed, survivors, not_run, total, pending = 0, 0, [], [], 0, 0
    for line in dump.splitlines():
        work_item, result = json.loads(line)
        if not result:
            pending += 1  # a run stopped before it (MUTATION_MINUTES)
            continue
        total += 1
        mutation = work_item["mutations"][0]
        where = f"  {module}:{mutation['start_pos'][0]} {mutation['operator_name']} #{mutation['occurrence']}"
        if result.get("worker_outcome") not in (None, "normal"):
            not_run.append(f"{where} ({result.get('worker_outcome')})")
        elif result.get("test_outcome") == "survived":
            again = recheck(mutation["operator_name"], mutation["occurrence"]) if recheck else False
            if again:
                further_killed += 1
            elif again is None:
                not_run.append(f"{where} (its run against the further tests broke)")
            else:
                survivors.append(where)
        else:
            killed += 1
    judged = total - len(not_run)
    rate = 100 * (killed + further_killed) / judged if judged else 0
    print(
        f"{name}: {killed + further_killed} of {judged} mutants killed ({rate:.0f} %: {killed} by its own tests, "
        f"{further_killed} more by the further tests); {len(not_run)} could not be run"
    )
    if pending:
        print(f"{name}: {pending} of {total + pending} mutants were not reached before the run was stopped")
    print("\n".join(survivors))
    if not_run:
        print(f"{name}: not run (apply these by hand):")
        print("\n".join(not_run))
    return killed + further_killed, judged


def main(argv):
    names = argv or list(MODULES)
    timeout = float(os.environ.get("MUTATION_TIMEOUT", "300"))
    minutes = float(os.environ.get("MUTATION_MINUTES", "0")) or None
    results = {}
    for name in names:
        module, tests, *further = MODULES[name]
        results[name] = run_module(name, module, tests, timeout, *further, minutes=minutes)
    print("\nmodule       killed / mutants")
    for name, result in results.items():
        print(f"{name:12} " + ("tests failed before mutation" if result is None else f"{result[0]} / {result[1]}"))
    return 1 if any(result is None for result in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
