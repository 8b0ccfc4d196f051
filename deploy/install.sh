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
# The system's Python where there is one: the service user must be able to run the venv's
# interpreter, and root's own python3 may live in root's home (pyenv), out of its reach.
default_python=python3
if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import sys, venv; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    default_python=/usr/bin/python3
fi
PYTHON="${PYTHON:-$default_python}"

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
