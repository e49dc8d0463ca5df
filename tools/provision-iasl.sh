#!/bin/bash
# Provision Debian 13 (trixie) acpica-tools (iasl 2025xxxx) on a Debian 12 host, per DESIGN.md §7.
#
# Uses a PRIVATE apt source list and private apt state/cache dirs (the system's apt sources and
# state are never modified), downloads acpica-tools + libc6 from trixie, unpacks both with
# `dpkg -x` into the cache folder, and writes a wrapper that starts the trixie iasl through the
# trixie libc's own dynamic loader.
#
# Cache folder: ${NUMAPLAN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/numaplan}/iasl-trixie
# Success: prints the wrapper's absolute path as the only stdout line, exit 0.
# Failure: prints the reason to stderr, exit 1 (callers report their tests as "skipped").
#
# Environment knobs:
#   NUMAPLAN_CACHE        cache root (see above)
#   NUMAPLAN_DEBIAN_MIRROR  Debian mirror URI (default http://deb.debian.org/debian)
#   NUMAPLAN_TRIXIE_SUITE   suite name (default trixie)
set -euo pipefail

fail() { echo "provision-iasl: $*" >&2; exit 1; }
trap 'fail "command failed (line $LINENO): $BASH_COMMAND"' ERR

CACHE_ROOT=${NUMAPLAN_CACHE:-${XDG_CACHE_HOME:-${HOME:?HOME not set}/.cache}/numaplan}
DEST=$CACHE_ROOT/iasl-trixie
WRAPPER=$DEST/iasl
MIRROR=${NUMAPLAN_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=${NUMAPLAN_TRIXIE_SUITE:-trixie}

# Does the wrapper exist and report a 2025+ version?
wrapper_ok() {
  [ -x "$WRAPPER" ] || return 1
  local out
  out=$("$WRAPPER" -v 2>&1) || true
  grep -Eq 'version 20(2[5-9]|[3-9][0-9])[0-9]{4}' <<<"$out"
}

# Fast path (idempotent): nothing to do.
if wrapper_ok; then
  echo "$WRAPPER"
  exit 0
fi

# Preconditions.
[ "$(uname -m)" = x86_64 ] || fail "only x86_64 hosts are supported (got $(uname -m))"
for tool in apt-get dpkg dpkg-deb flock; do
  command -v "$tool" >/dev/null || fail "required tool '$tool' not found"
done

# Trixie archive key. bookworm's debian-archive-keyring (>= 2023.3) ships the trixie keys both in
# the combined keyring and as separate files; the separate files tell us whether they are there.
KEYRING=""
for k in /usr/share/keyrings/debian-archive-keyring.gpg; do
  if [ -r "$k" ] && { [ -r /usr/share/keyrings/debian-archive-trixie-automatic.gpg ] ||
                      [ -r /usr/share/keyrings/debian-archive-trixie-stable.gpg ]; }; then
    KEYRING=$k
  fi
done
[ -n "$KEYRING" ] || fail "Debian trixie archive keys not found in /usr/share/keyrings (need debian-archive-keyring >= 2023.3 on bookworm)"

mkdir -p "$CACHE_ROOT" || fail "cannot create cache folder $CACHE_ROOT"

# Serialise concurrent provisioners (parallel test runs).
exec 9>"$CACHE_ROOT/.iasl-trixie.lock"
flock 9 || fail "cannot lock $CACHE_ROOT/.iasl-trixie.lock"
if wrapper_ok; then   # another process finished it while we waited
  echo "$WRAPPER"
  exit 0
fi

WORK=$(mktemp -d "$CACHE_ROOT/.iasl-trixie.tmp.XXXXXX")
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT

# Private apt configuration: only this source list, no sources.list.d, own lists/cache dirs.
APT=$CACHE_ROOT/apt-trixie
mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial"
echo "deb [signed-by=$KEYRING] $MIRROR $SUITE main" >"$APT/sources.list"
APT_OPTS=(
  -o "Dir::Etc::SourceList=$APT/sources.list"
  -o "Dir::Etc::SourceParts=/dev/null"
  -o "Dir::State::Lists=$APT/lists"
  -o "Dir::Cache=$APT/cache"
  -o "Dir::Etc::Preferences=/dev/null"
  -o "Dir::Etc::PreferencesParts=/dev/null"
  -o "APT::Architecture=amd64"
  -o "APT::Architectures::=amd64"
  -o "APT::Sandbox::User=root"
  -o "Acquire::Languages=none"
  -o "Acquire::Retries=2"
  -o "Acquire::http::Timeout=60"
  -o "Debug::NoLocking=1"
)
[ "$(id -u)" = 0 ] || APT_OPTS=("${APT_OPTS[@]/APT::Sandbox::User=root/APT::Sandbox::User=$(id -un)}")

apt-get "${APT_OPTS[@]}" -q --error-on=any update >&2 ||
  fail "apt-get update for $SUITE failed (network? mirror $MIRROR?)"

(cd "$WORK" && apt-get "${APT_OPTS[@]}" -q download acpica-tools libc6 >&2) ||
  fail "apt-get download acpica-tools libc6 from $SUITE failed"

deb_iasl=$(ls "$WORK"/acpica-tools_*_amd64.deb 2>/dev/null | head -1)
deb_libc=$(ls "$WORK"/libc6_*_amd64.deb 2>/dev/null | head -1)
[ -n "$deb_iasl" ] && [ -n "$deb_libc" ] || fail "downloaded .deb files not found"
echo "provision-iasl: got $(basename "$deb_iasl") $(basename "$deb_libc")" >&2

ROOT=$WORK/root
mkdir -p "$ROOT"
dpkg -x "$deb_libc" "$ROOT" || fail "dpkg -x $(basename "$deb_libc") failed"
dpkg -x "$deb_iasl" "$ROOT" || fail "dpkg -x $(basename "$deb_iasl") failed"

[ -x "$ROOT/usr/bin/iasl" ] || fail "iasl binary missing from $(basename "$deb_iasl")"
LOADER_REL=""
for cand in lib64/ld-linux-x86-64.so.2 usr/lib64/ld-linux-x86-64.so.2 \
            lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2; do
  if [ -e "$ROOT/$cand" ] || [ -L "$ROOT/$cand" ]; then
    # Resolve symlinks inside the unpacked tree (they are absolute, e.g. /lib/x86_64-linux-gnu/...).
    p=$cand
    for _ in 1 2 3 4 5; do
      [ -L "$ROOT/$p" ] || break
      t=$(readlink "$ROOT/$p")
      case $t in /*) p=${t#/} ;; *) p=$(dirname "$p")/$t ;; esac
    done
    p=$(realpath -s -m --relative-to="$ROOT" "$ROOT/$p")   # lexical normalisation of ../
    if [ -f "$ROOT/$p" ] && [ ! -L "$ROOT/$p" ]; then LOADER_REL=$p; break; fi
  fi
done
[ -n "$LOADER_REL" ] || fail "trixie dynamic loader not found in $(basename "$deb_libc")"
LIBDIRS_REL=()
for d in lib/x86_64-linux-gnu usr/lib/x86_64-linux-gnu; do
  [ -d "$ROOT/$d" ] && [ ! -L "$ROOT/$d" ] && LIBDIRS_REL+=("$d")
done
[ ${#LIBDIRS_REL[@]} -gt 0 ] || fail "trixie library directories not found"

# Install atomically: move the new tree into place, then write the wrapper.
rm -rf "$DEST.old"
[ -e "$DEST" ] && mv "$DEST" "$DEST.old"
mv "$ROOT" "$DEST"
rm -rf "$DEST.old"
cp "$deb_iasl" "$deb_libc" "$DEST/" 2>/dev/null || true

libpath=""
for d in "${LIBDIRS_REL[@]}"; do libpath+="${libpath:+:}\$D/$d"; done
cat >"$WRAPPER.tmp" <<EOF
#!/bin/sh
# Generated by numaplan tools/provision-iasl.sh: Debian $SUITE iasl ($(basename "$deb_iasl"))
# started through Debian $SUITE's own loader ($(basename "$deb_libc")).
D=\$(cd "\$(dirname "\$0")" && pwd)
exec "\$D/$LOADER_REL" --library-path "$libpath" "\$D/usr/bin/iasl" "\$@"
EOF
chmod +x "$WRAPPER.tmp"
mv "$WRAPPER.tmp" "$WRAPPER"

if ! wrapper_ok; then
  out=$("$WRAPPER" -v 2>&1 | head -5) || true
  fail "wrapper $WRAPPER does not run or does not report a 2025 version: $out"
fi
echo "$WRAPPER"
