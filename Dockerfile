# syntax=docker/dockerfile:1
# The bot as one image: `docker compose up -d` (see docker-compose.yml) or
#   docker build -t dramabot . && docker run --env-file .env -v bot-data:/data dramabot
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Every dependency ships a manylinux wheel for CPython 3.11 (tgcrypto-pyrofork, lxml,
# pydantic-core, msgspec, ...), so no compiler is installed.
RUN groupadd --system --gid 10001 bot \
    && useradd --system --uid 10001 --gid bot --home-dir /home/bot --create-home \
       --shell /usr/sbin/nologin bot

WORKDIR /opt/dramabot
COPY . .
# Pinned to the versions the test suite ran with when requirements.lock exists
# (a constraints file: it pins, it installs nothing the project does not need).
RUN if [ -f requirements.lock ]; then \
        pip install -c requirements.lock . ; \
    else \
        pip install . ; \
    fi \
    && mkdir -p /data \
    && chown bot:bot /data

# DATA_DIR holds the Telegram session (so a restart does not log in again),
# the SQLite database when MONGO_URI is unset, and logs/bot.log.
# The working directory is the data volume too: Kurigram and imdbinfo (its
# .cache/imdbinfo cookies) write into the current directory, which must be
# writable by the non-root user.
ENV DATA_DIR=/data \
    LOG_FORMAT=json \
    HEALTH_HOST=0.0.0.0 \
    HEALTH_PORT=8080
VOLUME ["/data"]
WORKDIR /data
USER bot

EXPOSE 8080
# Liveness from /health on HEALTH_PORT; slim has no curl, so Python's urllib.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/health' % os.environ.get('HEALTH_PORT', '8080'), timeout=4)" || exit 1

CMD ["python", "-m", "app"]
