"""The mutation runner's summary: killed, survived, broken and (a stopped run) not reached, each counted apart."""

import json

from tests.mutation import run


def item(line, operator="core/ReplaceComparisonOperator_Lt_Gt", occurrence=0):
    return {"mutations": [{"start_pos": [line, 0], "operator_name": operator, "occurrence": occurrence}]}


def test_a_stopped_run_counts_the_mutants_it_did_not_reach_apart(capsys):
    dump = "\n".join(
        json.dumps(pair)
        for pair in [
            (item(10), {"worker_outcome": "normal", "test_outcome": "killed"}),
            (item(20, occurrence=1), {"worker_outcome": "normal", "test_outcome": "survived"}),
            (item(30, occurrence=2), {"worker_outcome": "exception", "test_outcome": "incompetent"}),
            (item(40, occurrence=3), None),
            (item(50, occurrence=4), None),
        ]
    )
    killed, judged = run.summarise("importer", "memorial/remembrance/importer.py", dump, lambda *a: False)
    out = capsys.readouterr().out
    assert (killed, judged) == (1, 2)
    assert "2 of 5 mutants were not reached" in out
    assert "memorial/remembrance/importer.py:20" in out  # the survivor is listed
    assert "importer.py:30 core/ReplaceComparisonOperator_Lt_Gt #2 (exception)" in out
