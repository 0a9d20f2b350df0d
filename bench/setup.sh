#!/usr/bin/env bash
# Installs what the bench needs from Debian's packages when it is missing:
# - Postfix, the baseline. Only the binaries are needed: the harness runs a private instance with its own
#   config/queue/data directories under bench/work/, and the system-wide instance is never started
#   (No configuration).
# - libaio, so Caravan's broker journals with kernel AIO as config/broker.xml ships it. Without it the broker
#   falls back to NIO (AMQ222018) and the figures would not be those of the shipped configuration.
set -euo pipefail
have_libaio() { ldconfig -p | grep -q 'libaio\.so\.1'; }
if command -v postfix >/dev/null 2>&1 && command -v postconf >/dev/null 2>&1 && have_libaio; then
  echo "postfix present: $(postconf -d -h mail_version 2>/dev/null || echo '?'); libaio present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "postfix or libaio is missing and installing them needs root" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
install() { apt-get install -y "$@" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "$@" >/dev/null; }; }
if ! command -v postfix >/dev/null 2>&1; then
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  install postfix
  # The package may start the default instance; the harness never uses it.
  postfix stop >/dev/null 2>&1 || true
fi
if ! have_libaio; then
  # Debian 12 names it libaio1; Debian 13 and Ubuntu 24.04 libaio1t64
  if apt-cache show libaio1t64 >/dev/null 2>&1; then install libaio1t64; else install libaio1; fi
fi
echo "postfix installed: $(postconf -d -h mail_version); libaio: $(have_libaio && echo present || echo missing)"
