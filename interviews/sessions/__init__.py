"""Sessions, from scheduling to submission: the dashboard, scheduling, the interviewer's
console with its autosave, the candidate's screen, the panel, submission and the audit trail.

- `services.py`: scheduling, moving the candidate's screen, ratings, flags, notes, submitting,
  closing the panel, finishing the session.
- `autosave.py`: the console's hot path, one lookup and one write per rating.
- `console.py`: the console's and the panel page's view of a session.
- `forms.py`, `views.py`, `urls.py`: the session pages.
"""
