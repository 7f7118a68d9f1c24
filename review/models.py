"""Feedback rounds, review comments and decisions live here (see DESIGN.md §3)."""
