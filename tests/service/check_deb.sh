#!/usr/bin/env bash
# `cpack -G DEB` from the build directory's CPack config, into a temporary directory, and what
# the package must hold: the files of `cmake --install` under /usr, /etc/vigil/vigil.toml as a
# conffile, the maintainer scripts, and dependencies found by dpkg-shlibdeps.
# Usage: check_deb.sh BUILD_DIR
set -euo pipefail
build=$(realpath "$1")
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

(cd "$build" && cpack -G DEB -B "$out" >"$out/cpack.log" 2>&1) ||
  { cat "$out/cpack.log" >&2; echo "FAIL: cpack -G DEB" >&2; exit 1; }
debs=("$out"/vigil_*.deb)
[[ -f ${debs[0]} ]] || { cat "$out/cpack.log" >&2; echo "FAIL: no vigil_*.deb" >&2; exit 1; }
deb=${debs[0]}
echo "built $(basename "$deb") ($(du -h "$deb" | cut -f1))"

contents=$(dpkg-deb --contents "$deb" | awk '{print $NF}' | sed 's|^\./|/|')
for file in /usr/bin/vigil /usr/lib/systemd/system/vigil.service /usr/lib/sysusers.d/vigil.conf \
            /usr/lib/tmpfiles.d/vigil.conf /usr/share/man/man1/vigil.1.gz \
            /usr/share/man/man5/vigil.toml.5.gz /usr/share/doc/vigil/README.md \
            /usr/share/doc/vigil/examples/vigil.toml /etc/vigil/vigil.toml; do
  grep -qx "$file" <<<"$contents" || fail "not in the package: $file"
done
! grep -q 'vigil.service.d' <<<"$contents" || fail "the package has an ExecStart drop-in"
! grep -qv '^/\(usr\|etc\)' <<<"$contents" || fail "files outside /usr and /etc:"$'\n'"$(grep -v '^/\(usr\|etc\)' <<<"$contents")"

dpkg-deb --ctrl-tarfile "$deb" | tar -t | sed 's|^\./||' >"$out/control-files"
for control in conffiles postinst prerm postrm; do
  grep -qx "$control" "$out/control-files" || fail "no $control in the control archive"
done
conffiles=$(dpkg-deb --info "$deb" conffiles)
[[ $conffiles == /etc/vigil/vigil.toml ]] || fail "conffiles: expected /etc/vigil/vigil.toml, got: $conffiles"

depends=$(dpkg-deb --field "$deb" Depends)
echo "Depends: $depends"
for library in libc6 libcurl4 libsqlite3-0 libsystemd0; do
  grep -q "\b$library\b" <<<"$depends" || fail "Depends lacks $library (dpkg-shlibdeps)"
done

if ((failures)); then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "the .deb is complete"
