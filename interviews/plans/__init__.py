"""Interview plans and candidates: the plans list, the plan builder (a question picker beside
the ordered plan), the ready 60-minute loop, candidate records and variant plans that spare a
candidate the questions they have already been asked.

- `services.py`: plan and plan-item workflows, variants, candidate records.
- `receivers.py`: a confirmed email links the person to their candidate records.
- `privacy.py`, `redaction.py`: a candidate's data export and erasure.
- `forms.py`, `views.py`, `urls.py`: the plan and candidate pages.
"""
