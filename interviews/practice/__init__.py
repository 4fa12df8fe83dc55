"""Practice between peers: peer practice (joining a session by link, swapping roles, feedback
both ways), written practice scored by a peer through a link, and the shared pad.

- `services.py`: the writes (start, join, invite, swap, feedback, written practice and its
  scoring seat, the pad).
- `selectors.py`: the reads (links, peers, questions already asked, feedback received).
- `contexts.py`: what practice's pages and parts of other pages show.
- `receivers.py`: practice's part of the session page, the end screen, the dashboard, the
  report and "your progress", through the seams of the packages below.
- `forms.py`, `views.py`, `urls.py`: the practice pages; `demo.py`: the demo's peers.
"""
