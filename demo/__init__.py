"""Demonstration and benchmark data: the demo's people, entries and story, and
synthetic entries in volume. It sits above every other app so that it may use
each one's models and services directly; no app imports it."""
