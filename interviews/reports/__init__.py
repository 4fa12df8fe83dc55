"""Feedback reports: generation on the worker, the queries behind the list, history, percentile
and debrief, the report pages, and `formats/` with one module per way of showing a report.

- `generation.py`: ratings in, the report's stored data out (the scoring engine plus words).
- `services.py`: retrying a failed report, the debrief's rows.
- `queries.py`: the reports list's filters, sorting and pages; percentile; history; compare.
- `forms.py`: the list's filter bar.
- `views.py`, `urls.py`: the report page, its status, downloads, list, history, compare, debrief.
- `formats/`: `display` (numbers and names), `page`, `chart`, `compare`, `json`, `csv`, `pdf`.
"""
