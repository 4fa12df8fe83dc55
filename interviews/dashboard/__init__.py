"""The home page: what waits for the signed-in person across sessions and reports.

Practice, above it, adds its start form and the feedback the person owes through
`dashboard/hooks.py`, and draws the page again when its start form has errors."""
