"""Structured mock interviews scored by rubric.

The core, which imports no capability: `models/` (one module per capability that owns the
models), `access.py` (one lookup per kind of object), `errors.py` and `scoring.py` (the pure
engine). The capabilities stand in layers, each importing only the ones below it
(pyproject.toml's import-linter contracts, run by `make test`):

    practice > dashboard > calibration > reports > sessions > plans > live

A lower package reaches a higher one only through a seam it declares: `sessions/hooks.py`
(a session submitted, a scorecard amended, a page drawn), `reports/hooks.py` (a report built
or ready, the progress page) and `dashboard/hooks.py`; the receivers live in the higher
package's `receivers.py`, connected in `apps.py`. Each package owns its Celery tasks
(`tasks.py`); reads are in `selectors.py`, writes in `services.py`.
"""
