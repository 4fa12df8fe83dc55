"""The core models, one module per package that owns them; import them from here."""

from interviews.models.practice import *  # noqa: F403
from interviews.models.sessions import *  # noqa: F403
