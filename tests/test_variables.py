"""The variable a key is assigned to, read from the text before it on its line."""

from __future__ import annotations

import pytest

from vpkscan.context.variables import assigned_name


@pytest.mark.parametrize(
    ("before", "name"),
    [
        (b"VIBEPEAK_API_KEY=", "VIBEPEAK_API_KEY"),
        (b'  apiKey: "', "apiKey"),
        (b"export const VPK_KEY = '", "VPK_KEY"),
        (b"ENV VPK_KEY ", "VPK_KEY"),
        (b"'process.env.VPK_KEY': JSON.stringify(\"", "VPK_KEY"),
        (b"old = 1\nnew_key := `", "new_key"),
        # A name right after digits starts at its first letter.
        (b'2fa_token = "', "fa_token"),
        # A long line of names: only the one before the operator counts.
        (b"a" * 150 + b" b" * 20 + b' = "', "b"),
        (b"const { data, error } = useQuery(keys.list(filters)); headers = { Bearer: '", "Bearer"),
        (b"print(", None),
        (b"x" * 199 + b" ", None),
    ],
)
def test_assigned_name(before: bytes, name: str | None) -> None:
    assert assigned_name(before) == name
