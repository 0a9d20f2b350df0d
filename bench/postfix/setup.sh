#!/usr/bin/env bash
# Installs Postfix from Debian's packages when it is missing. Only the binaries are needed: the harness
# runs a private instance with its own config/queue/data directories under bench/work/, and the
# system-wide instance is never started (No configuration).
set -euo pipefail
if command -v postfix >/dev/null 2>&1 && command -v postconf >/dev/null 2>&1; then
  echo "postfix present: $(postconf -d -h mail_version 2>/dev/null || echo '?')"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "postfix is missing and installing it needs root" >&2
  exit 1
fi
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
export DEBIAN_FRONTEND=noninteractive
apt-get install -y postfix >/dev/null || { apt-get update >/dev/null && apt-get install -y postfix >/dev/null; }
# The package may start the default instance; the harness never uses it.
postfix stop >/dev/null 2>&1 || true
echo "postfix installed: $(postconf -d -h mail_version)"
