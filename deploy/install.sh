#!/usr/bin/env bash
# Install (or upgrade) the bot into PREFIX from this checkout: the package built as a wheel, installed
# into PREFIX/venv with its dependencies, a commented .env copied there once, the database migrated.
# The Dockerfile runs this script; CI runs it too (tests/e2e/test_deploy.py), so it cannot rot.
#
#   deploy/install.sh /opt/schoolbot            # then edit /opt/schoolbot/.env and start the services
#   SKIP_MIGRATE=1 deploy/install.sh /app       # an image is built without a database to migrate
set -euo pipefail

PREFIX="${1:?usage: deploy/install.sh PREFIX}"
SOURCE="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-python3}"

mkdir -p "$PREFIX"
PREFIX="$(cd "$PREFIX" && pwd)"
build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT

echo "building the wheel from $SOURCE"
"$PYTHON" -m venv "$build/venv"
"$build/venv/bin/pip" install -q --upgrade pip build >/dev/null
"$build/venv/bin/python" -m build -q --wheel --outdir "$build/dist" "$SOURCE" >/dev/null

echo "installing into $PREFIX/venv"
[ -x "$PREFIX/venv/bin/python" ] || "$PYTHON" -m venv "$PREFIX/venv"
"$PREFIX/venv/bin/pip" install -q --upgrade pip >/dev/null
"$PREFIX/venv/bin/pip" install -q --force-reinstall --no-deps "$build"/dist/schoolbot-*.whl
"$PREFIX/venv/bin/pip" install -q "$build"/dist/schoolbot-*.whl

if [ ! -f "$PREFIX/.env" ]; then
    cp "$SOURCE/.env.example" "$PREFIX/.env"
    chmod 600 "$PREFIX/.env"
    echo "wrote $PREFIX/.env: fill in BOT_TOKEN (and DATABASE_URL, WEBHOOK_* for a server of your own)"
fi

if [ "${SKIP_MIGRATE:-0}" != "1" ]; then
    # Run in PREFIX, so that its .env is read and the embedded database (if any) lives there.
    (cd "$PREFIX" && ./venv/bin/schoolbot migrate)
fi
echo "installed: $PREFIX/venv/bin/schoolbot"
