"""The one place test data is built, shared through tests/conftest.py's fixtures:

- factories.py: people, organisations and memberships (factory_boy), as the `team` fixture uses;
- builders.py: the small bank, plans, sessions and ratings through the real services (the
  benchmarks' own builders, bench/data.py, plus partial ratings and red flags);
- world.py: one organisation with every kind of object and person, for the access matrix and the
  no-5xx walk (tests/ops/conftest.py builds it once per module);
- panels.py: panel sessions with varied ratings, for the agreement and calibration tests;
- written_about.py: a candidate written about everywhere, for erasure, export and backups.
"""
