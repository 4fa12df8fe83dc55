# The production image: the web (gunicorn with uvicorn workers), the Celery worker and beat all
# run from it through bin/prod, the same commands `make prod` runs without docker.
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY requirements.lock ./
RUN pip install -r requirements.lock

COPY . .
# Collecting static files needs settings but no database or secrets of its own.
RUN bin/prod collectstatic

RUN useradd --create-home --uid 1000 app && mkdir -p /app/metrics && chown -R app /app
USER app
# Every gunicorn worker and Celery pool process writes its samples here; /metrics sums them.
ENV PROMETHEUS_MULTIPROC_DIR=/app/metrics

EXPOSE 8000
ENV PORT=8000
CMD ["bin/prod", "web"]
