"""Live updates: what changed in a session is pushed to open pages as server-sent events.

- `channel.py`: one Redis stream per session carries the events between processes (an
  in-process buffer when there is no Redis); one reader per process fans them out.
- `events.py`: what the services publish once their transaction commits.
- `views.py`: the streams, and the version that lets a polling page be answered 304.
"""
