"""The rules of SPEC §3 as data, and turning classified occurrences into findings."""
