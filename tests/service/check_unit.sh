#!/usr/bin/env bash
# The unit as it is installed, checked the way systemd reads it. `cmake --install` into a
# temporary DESTDIR twice: prefix /usr (as in the .deb) and /usr/local (which adds a drop-in
# for ExecStart). Each tree is laid over the host's /usr in a private mount namespace, so
# systemd-analyze finds the unit's binary, its man pages (Documentation=) and the targets it
# names where they really are. Then:
#   - systemd-analyze verify prints nothing on stderr (it exits 0 even on unknown keys);
#   - systemd-analyze security --offline=true rates the overall exposure at most 1.2;
#   - the man pages format without a single groff or man warning;
#   - the installed example /etc/vigil/vigil.toml passes `vigil check-config`.
# Usage: check_unit.sh BUILD_DIR   (exit 77: skipped, needs root for the mount namespace)
set -euo pipefail
build=$(realpath "$1")
max_exposure=1.2
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

if [[ $(id -u) != 0 ]] || ! unshare -m true 2>/dev/null; then
  echo "skipped: needs root and mount namespaces (unshare -m)"
  exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Runs "$@" with DESTDIR's /usr laid over the host's, in a private mount namespace.
with_tree() {
  local destdir=$1; shift
  unshare -m --propagation private sh -c \
    'mount -t overlay overlay -o "lowerdir=$0/usr:/usr" /usr && exec "$@"' "$destdir" "$@"
}

check_unit() {
  local destdir=$1 unit=$2
  echo "== systemd-analyze verify $unit"
  local err
  err=$(cd / && with_tree "$destdir" systemd-analyze verify "$unit" 2>&1 >/dev/null) ||
    fail "systemd-analyze verify $unit exited non-zero"
  [[ -z $err ]] || fail "systemd-analyze verify $unit printed:"$'\n'"$err"

  echo "== systemd-analyze security --offline=true $unit"
  local report exposure
  report=$(with_tree "$destdir" systemd-analyze security --offline=true --no-pager "$unit" 2>&1) || true
  exposure=$(grep -oP 'Overall exposure level for \S+: \K[0-9.]+' <<<"$report" || true)
  if [[ -z $exposure ]]; then
    fail "no overall exposure level in:"$'\n'"$report"
  else
    echo "overall exposure: $exposure (at most $max_exposure)"
    awk -v e="$exposure" -v m="$max_exposure" 'BEGIN { exit !(e <= m) }' ||
      fail "exposure $exposure is above $max_exposure:"$'\n'"$(grep -F '✗' <<<"$report")"
  fi
}

install_tree() {
  local destdir=$1 prefix=$2
  DESTDIR=$destdir cmake --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 ||
    { cat "$work/install.log" >&2; fail "cmake --install --prefix $prefix"; return 1; }
  # An install that warns (say, about /etc) is not clean either.
  if grep -q 'CMake Warning' "$work/install.log"; then
    fail "cmake --install --prefix $prefix warned:"$'\n'"$(cat "$work/install.log")"
  fi
}

# Prefix /usr, as packaged: the unit exactly as it is in the repository.
usr=$work/usr-tree
if install_tree "$usr" /usr; then
  for file in usr/bin/vigil usr/lib/systemd/system/vigil.service usr/lib/sysusers.d/vigil.conf \
              usr/lib/tmpfiles.d/vigil.conf usr/share/man/man1/vigil.1.gz \
              usr/share/man/man5/vigil.toml.5.gz etc/vigil/vigil.toml \
              usr/share/doc/vigil/examples/demo.toml; do
    [[ -e $usr/$file ]] || fail "not installed: /$file"
  done
  [[ ! -e $usr/usr/lib/systemd/system/vigil.service.d ]] || fail "a drop-in under prefix /usr"
  cmp -s "$usr/usr/lib/systemd/system/vigil.service" "$(dirname "$0")/../../systemd/vigil.service" ||
    fail "the installed unit differs from systemd/vigil.service"
  check_unit "$usr" /usr/lib/systemd/system/vigil.service

  echo "== vigil check-config on the installed example"
  out=$("$usr/usr/bin/vigil" check-config -c "$usr/etc/vigil/vigil.toml" 2>&1) ||
    fail "check-config on the installed /etc/vigil/vigil.toml:"$'\n'"$out"

  echo "== man pages"
  for page in "$usr"/usr/share/man/man*/vigil*.gz; do
    warnings=$( { zcat "$page" | groff -ww -z -man; } 2>&1)
    [[ -z $warnings ]] || fail "groff -ww on ${page#"$usr"}:"$'\n'"$warnings"
    for width in 80 64; do
      warnings=$(MANWIDTH=$width MANPAGER=cat LC_ALL=C.UTF-8 man --warnings=w -l "$page" 2>&1 >/dev/null)
      [[ -z $warnings ]] || fail "man --warnings (width $width) on ${page#"$usr"}:"$'\n'"$warnings"
    done
  done
  grep -q 'concurrency' <(zcat "$usr/usr/share/man/man5/vigil.toml.5.gz") ||
    fail "vigil.toml(5) lacks the generated key reference"

  echo "== a second install keeps an edited /etc/vigil/vigil.toml"
  echo "# edited" >>"$usr/etc/vigil/vigil.toml"
  install_tree "$usr" /usr && tail -n1 "$usr/etc/vigil/vigil.toml" | grep -qx '# edited' ||
    fail "cmake --install overwrote an existing /etc/vigil/vigil.toml"
fi

# Prefix /usr/local: the same unit, with a drop-in that runs /usr/local/bin/vigil.
local_tree=$work/local-tree
if install_tree "$local_tree" /usr/local; then
  dropin=$local_tree/usr/local/lib/systemd/system/vigil.service.d/install-prefix.conf
  grep -q '^ExecStart=/usr/local/bin/vigil ' "$dropin" 2>/dev/null ||
    fail "no ExecStart drop-in for prefix /usr/local"
  check_unit "$local_tree" /usr/local/lib/systemd/system/vigil.service
fi

if ((failures)); then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "all unit checks passed"
