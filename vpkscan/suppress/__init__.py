"""Suppressing findings a team has accepted: allow comments, baselines, disabled rules."""
