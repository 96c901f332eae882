"""The daily fixity check, run by the worker: a failure names each file and stays in the failed tasks."""

from datetime import timedelta

from memorial.core.tasks import background, every

from .fixity import run_fixity_check


@every(timedelta(days=1))
@background(retries=0)  # a changed or missing file stays so: the next day's run checks again
def check_fixity_daily():
    """Re-hash every original; raise (a failed task Archivists see) naming each missing or changed file."""
    report = run_fixity_check()
    if not report.ok:
        raise RuntimeError(
            f"{len(report.problems)} of {report.checked} files failed the fixity check: "
            + "; ".join(str(problem) for problem in report.problems)
        )
    return report.checked
