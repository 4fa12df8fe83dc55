"""Feedback reports: generation on the worker, the reads behind the list, history and
percentile, the report pages, and `formats/` with one module per way of showing a report.

- `generation.py`: ratings in, the report's stored data out (the scoring engine plus words).
- `services.py`: asking for a report, retrying a failed one, a new version.
- `selectors.py`: the reports list's filters, sorting and pages; percentile; history; compare;
  the list's role labels.
- `tasks.py`: generation and the sweep of lost reports on the worker.
- `hooks.py`: the signals a report sends while it is built and made ready (practice adds its
  feedback and mails its candidate); `receivers.py`: what reports do when a session is
  submitted or a scorecard amended.
- `regrades.py`, `whatif.py`: regrade requests; what-if thresholds.
- `forms.py`, `views.py`, `urls.py`: the report page, its status, downloads, list, history,
  compare.
- `formats/`: `display` (numbers and names), `page`, `chart`, `compare`, `json`, `csv`, `pdf`.
"""
