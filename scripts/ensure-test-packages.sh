#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are missing: Chromium (the e2e browser), Xvfb, the
# Noto CJK and colour-emoji fonts (Chinese and emoji in the console's screenshots), and PostgreSQL's server
# binaries (the store tests start throwaway servers of their own, any version, never the system service
# the package sets up). Shared by `npm test` and `.ci/run`, so a fresh machine needs no step of its own.
# As root it installs; otherwise it names the one command to run and fails.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v xvfb-run >/dev/null 2>&1 || missing+=(xvfb)
[ -d /usr/share/fonts/opentype/noto ] || missing+=(fonts-noto-cjk)
[ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || missing+=(fonts-noto-color-emoji)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "The tests need Debian packages that are missing. Run:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
echo "installing ${missing[*]} from Debian"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
