"""What an operator needs to run the product: request ids, structured logs, metrics, Sentry.

Hooked into the rest only from the outside (middleware, Celery signals, settings), so the
product's own code carries no instrumentation beyond the odd one-line counter call.
"""

import os

# prometheus_client turns multiprocess mode on when the variable merely exists, and an empty one
# would scatter sample files in the working directory: empty means unset here.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR", "").strip():
    os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
