"""Jupyter notebooks: a key in a cell's source or output is reported at the line of the
``.ipynb`` file, and the finding names the cell."""

from __future__ import annotations

import json

from tests.helpers import Repo, run_vpkscan, scan_json
from tests.keys import live_key, test_key
from vpkscan.locate.notebook import cell_locations

KEY = live_key("notebook")
PRINTED = test_key("notebook")


def notebook(cells: list[dict[str, object]]) -> str:
    document = {
        "cells": cells,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def code(source: list[str], outputs: list[dict[str, object]] | None = None) -> dict[str, object]:
    return {
        "cell_type": "code",
        "execution_count": 1,
        "id": "c0ffee",
        "metadata": {},
        "outputs": outputs or [],
        "source": source,
    }


def markdown(text: str) -> dict[str, object]:
    return {"cell_type": "markdown", "id": "md", "metadata": {}, "source": [text]}


def stream_output(text: str) -> dict[str, object]:
    return {"name": "stdout", "output_type": "stream", "text": [text]}


def line_and_column(text: str, needle: str) -> tuple[int, int]:
    before = text[: text.index(needle)]
    return before.count("\n") + 1, len(before.rsplit("\n", 1)[-1]) + 1


def test_keys_in_source_and_output_name_their_cell(repo: Repo) -> None:
    text = notebook(
        [
            markdown("# Calling the API — résumé\n"),
            code(["import os\n"]),
            code(
                ["import vibepeak\n", f"client = vibepeak.Client('{KEY}')\n"],
                [stream_output(f"using {PRINTED}\n")],
            ),
        ]
    )
    repo.write("notebooks/explore.ipynb", text)
    repo.add()
    run = run_vpkscan("scan", "--format", "json", cwd=repo.path)
    assert run.returncode == 1, run.stderr
    findings = run.json()["findings"]
    got = {f["redacted"][:9]: (f["line"], f["column"], f["message"]) for f in findings}
    line, column, message = got[KEY[:9]]
    assert (line, column) == line_and_column(text, KEY)
    assert message.endswith("It is in the source of cell 3 of the notebook.")
    line, column, message = got[PRINTED[:9]]
    assert (line, column) == line_and_column(text, PRINTED)
    assert message.endswith("It is in an output of cell 3 of the notebook.")


def test_escaped_key_in_a_notebook_keeps_its_cell(repo: Repo) -> None:
    escaped = KEY.replace("_", "\\u005f")
    text = notebook([markdown("intro"), code(["k = 'x'\n"])]).replace("k = 'x'", f"k = '{escaped}'")
    repo.write("a.ipynb", text)
    repo.add()
    [finding] = scan_json(cwd=repo.path)
    assert finding["encoding"] == "escape"
    assert "cell 2 of the notebook" in finding["message"]


def test_cell_locations_direct() -> None:
    text = notebook([markdown("a"), code([f"K = '{KEY}'\n"])])
    data = text.encode()
    offset = data.index(KEY.encode())
    assert cell_locations(data, [offset, 0]) == [(2, "source"), None]


def test_broken_or_old_notebooks_still_report_the_key(repo: Repo) -> None:
    old = json.dumps({"worksheets": [{"cells": [{"input": f"k = '{KEY}'"}]}], "nbformat": 3})
    repo.write("old.ipynb", old)
    repo.write("broken.ipynb", '{"cells": [{"source": ["k = \'' + KEY + "'\"]")
    repo.add()
    run = run_vpkscan("scan", "--format", "json", cwd=repo.path)
    assert run.returncode == 1, run.stderr
    findings = run.json()["findings"]
    assert [f["path"] for f in findings] == ["broken.ipynb", "old.ipynb"]
    assert not any("cell" in f["message"] for f in findings)
    assert "Traceback" not in run.stderr
