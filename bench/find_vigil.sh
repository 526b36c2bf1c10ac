# Shared by the macro benchmarks (sourced, not run): the vigil binary to measure. Uses ROOT,
# VIGIL (may be empty), log and die from the sourcing script; sets VIGIL and BUILD_TYPE.
# Default: build/vigil, else build/daemon/vigil; with neither, build/ is configured in Release
# and vigil is built.
find_default_vigil() {
  local candidate
  for candidate in "$ROOT/build/vigil" "$ROOT/build/daemon/vigil"; do
    [[ -x $candidate ]] && { echo "$candidate"; return 0; }
  done
  return 1
}
if [[ -z $VIGIL ]]; then
  if ! VIGIL=$(find_default_vigil); then
    log "building vigil in $ROOT/build (Release)"
    cmake -S "$ROOT" -B "$ROOT/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
    cmake --build "$ROOT/build" --target vigil >&2
    VIGIL=$(find_default_vigil) || die "the build produced no vigil binary under $ROOT/build"
  fi
fi
[[ -x $VIGIL ]] || die "VIGIL=$VIGIL is not an executable"
# The build directory is the one holding CMakeCache.txt, at or above the binary.
BUILD_TYPE="" dir=$(dirname "$VIGIL")
while [[ $dir != / && ! -f $dir/CMakeCache.txt ]]; do dir=$(dirname "$dir"); done
[[ -f $dir/CMakeCache.txt ]] && BUILD_TYPE=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$dir/CMakeCache.txt")
[[ $BUILD_TYPE == Release ]] || log "WARNING: $VIGIL is a '${BUILD_TYPE:-unknown}' build, figures are only comparable for Release"
