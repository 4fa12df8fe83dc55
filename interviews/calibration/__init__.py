"""Calibration of a hiring team: how far its interviewers agree and how each one rates.

- `agreement`: Krippendorff's alpha per plan and per criterion, read from the ready reports'
  per-interviewer ratings (the same numbers `export_reports` writes), with the sessions that
  disagree most.
- `interviewers`: the owners' calibration report, per interviewer: scorecards submitted,
  leniency or severity against the panel mean, levels used, not-assessed rate, time to submit,
  and how often their recommendation matches the computed band.
- `services`: scorecard reminders, claimed one row per (scorecard, sequence) so that no sweep,
  retry or restart ever mails one twice; `tasks`: their sweep on the worker.
- `selectors`: the debrief, every ready report on a plan side by side and where panels split.
- `decisions`, `drills`: hiring decisions on record; drills on gold answers.

The numbers come from the pure engine in `interviews.scoring`; this package only loads data,
groups it and shows it.
"""
