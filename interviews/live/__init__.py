"""Live updates: what changed in a session is pushed to open pages as server-sent events.

- `channel.py`: one Redis stream per session carries the events between processes (an
  in-process buffer when there is no Redis); one reader per process fans them out.
- `events.py`: what the services publish once their transaction commits.
- `http.py`: the version that lets a polling page be answered 304, and the cursor a page hands
  to its stream; any package's views use them.
- `views.py`: the streams.
"""
