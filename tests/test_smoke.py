from __future__ import annotations

from tests.helpers import Repo, run_vpkscan
from tests.keys import fingerprint, live_key


def test_finds_a_committed_key_end_to_end(repo: Repo) -> None:
    key = live_key("smoke")
    repo.write("server/settings.py", f'API_KEY = "{key}"\n')
    repo.add()
    result = run_vpkscan("scan", "--format", "json", cwd=repo.path)
    assert result.returncode == 1, result.stderr
    [finding] = result.json()["findings"]
    assert (finding["path"], finding["line"], finding["column"]) == ("server/settings.py", 1, 12)
    assert finding["rule_id"] == "VPK005"
    assert finding["fingerprint"] == fingerprint(key)
    assert key not in result.stdout
