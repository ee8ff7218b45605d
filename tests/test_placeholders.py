"""Placeholders are never findings; random bodies always are (SPEC §1)."""

from __future__ import annotations

import random

import pytest

from tests.keys import ALPHABET, LIVE, TEST, body, live_key
from vpkscan.detect.detector import scan_buffer
from vpkscan.detect.placeholders import DOCUMENTED_EXAMPLE, PREDICATES, placeholder_reason

#: (body, the predicate expected to recognise it)
PLACEHOLDER_BODIES = [
    ("aBcDeFgHiJkLmNoPqRsTuVwXyZ123456", "documented example"),
    ("x" * 32, "one repeated character"),
    ("X" * 32, "one repeated character"),
    ("0" * 32, "one repeated character"),
    ("xXxXxXxXxXxXxXxXxXxXxXxXxXxXxXxX", "one repeated character"),
    ("abcdefghijklmnopqrstuvwxyz123456", "sequential run"),
    ("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", "sequential run"),
    ("12345678901234567890123456789012", "sequential run"),
    ("0123456789abcdef0123456789abcdef", "sequential run"),
    ("zyxwvutsrqponmlkjihgfedcba987654", "sequential run"),
    ("abababababababababababababababab", "sequential run"),
    ("EXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAM", "placeholder words"),
    ("ExampleExampleExampleExampleExam", "placeholder words"),
    ("EXAMPLE0000000000000000000000000", "placeholder words"),
    ("EXAMPLE1234567890EXAMPLE12345678", "placeholder words"),
    ("YOURYOURYOURYOURYOURYOURYOURYOUR", "placeholder words"),
    ("YourKeyHereYourKeyHereYourKeyHer", "placeholder words"),
    ("yourapikeyhereyourapikeyhere0000", "placeholder words"),
    ("DUMMYDUMMYDUMMYDUMMYDUMMYDUMMYXX", "placeholder words"),
    ("DummyDummyDummyDummyDummyDummy00", "placeholder words"),
    ("FAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE", "placeholder words"),
    ("FakeKeyFakeKeyFakeKeyFakeKeyFake", "placeholder words"),
    ("REDACTEDREDACTEDREDACTEDREDACTED", "placeholder words"),
    ("REDACTEDXXXXXXXXXXXXXXXXXXXXXXXX", "placeholder words"),
    ("CHANGEMECHANGEMECHANGEMECHANGEME", "placeholder words"),
    ("ChangeMeChangeMeChangeMeChangeMe", "placeholder words"),
    ("acacacacacacacacacacacacacacacac", "placeholder words"),
    ("a1a1a1a1b2b2b2b2a1a1a1a1b2b2b2b2", "low entropy"),
]

#: Key-shaped text that is not a key at all (wrong length or characters).
NOT_KEYS = [
    LIVE + "...",
    LIVE + "xxxxxxxx",
    LIVE + "xxxxx…",
    TEST + "<your-key>",
    TEST + "<" + "k" * 30 + ">",
    "${VPK_KEY}",
    "${VIBEPEAK_API_KEY}",
    LIVE + "${VPK_KEY}",
    LIVE + "{{ secrets.VIBEPEAK_API_KEY }}",
    LIVE + "your-key-goes-here-your-key-here",
]


def test_documented_example_is_the_spec_body() -> None:
    assert DOCUMENTED_EXAMPLE == "aBcDeFgHiJkLmNoPqRsTuVwXyZ123456"


@pytest.mark.parametrize(("placeholder", "reason"), PLACEHOLDER_BODIES)
def test_placeholder_bodies_are_recognised(placeholder: str, reason: str) -> None:
    assert len(placeholder) == 32
    assert placeholder_reason(placeholder) == reason


@pytest.mark.parametrize(("placeholder", "reason"), PLACEHOLDER_BODIES)
@pytest.mark.parametrize("prefix", [LIVE, TEST])
def test_placeholder_keys_are_not_found(placeholder: str, reason: str, prefix: str) -> None:
    data = f'API_KEY="{prefix}{placeholder}"\n'.encode()
    assert scan_buffer(data) == (), reason


@pytest.mark.parametrize("text", NOT_KEYS)
def test_key_shaped_non_keys_are_not_found(text: str) -> None:
    data = f"VIBEPEAK_API_KEY={text}\n# example: {text} in docs\n".encode()
    assert scan_buffer(data) == ()


def test_real_key_next_to_placeholders_is_still_found() -> None:
    key = live_key("beside-placeholders")
    data = "\n".join([LIVE + "x" * 32, LIVE + DOCUMENTED_EXAMPLE, key, TEST + "<your-key>"])
    [candidate] = scan_buffer(data.encode())
    assert (candidate.key, candidate.line, candidate.column) == (key, 3, 1)


def test_random_bodies_are_never_rejected_as_placeholders() -> None:
    # Real keys are 32 uniform draws from 62 symbols: the false-rejection rate must be 0.
    rng = random.Random(20260102)
    bodies = ["".join(rng.choice(ALPHABET) for _ in range(32)) for _ in range(5000)]
    rejected = {b: placeholder_reason(b) for b in bodies if placeholder_reason(b) is not None}
    assert len(rejected) / len(bodies) == 0, rejected


def test_test_fixture_bodies_are_real() -> None:
    # tests/keys.py builds every key the suite plants; none may be silently dropped.
    rejected = [seed for seed in range(2000) if placeholder_reason(body(seed)) is not None]
    assert rejected == []


@pytest.mark.parametrize("name", list(PREDICATES))
def test_each_predicate_accepts_random_bodies(name: str) -> None:
    predicate = PREDICATES[name]
    assert not any(predicate(body(f"{name}-{i}")) for i in range(500))
