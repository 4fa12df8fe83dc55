"""What an operator needs to run the product: request ids, structured logs, metrics, Sentry.

Hooked into the rest only from the outside (middleware, Celery signals, settings), so the
product's own code carries no instrumentation beyond the odd one-line counter call.
"""
