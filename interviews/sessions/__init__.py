"""Sessions, from scheduling to submission: scheduling, the interviewer's console with its
autosave, the candidate's screen, the panel, submission and the audit trail.

- `services.py`: scheduling, moving the candidate's screen, ratings, flags, notes, submitting,
  closing the panel, finishing the session.
- `selectors.py`: the console's and the panel page's view of a session, and the review of a
  scorecard before it is submitted.
- `hooks.py`: the signals sessions send (submitted, scorecard amended, a page drawn), so the
  packages above (reports, practice) act without sessions importing them.
- `autosave.py`: the console's hot path, one lookup and one write per rating.
- `audit.py`: the audit trail and its CSV; `calendar.py`: invitations and their events.
- `tasks.py`: the worker's side (old invitation tasks).
- `forms.py`, `views.py`, `urls.py`: the session pages.
"""
