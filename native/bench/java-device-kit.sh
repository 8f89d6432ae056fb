#!/usr/bin/env bash
# Builds a self-contained kit that runs prover-jni's GPU JUnit tests on a bare x86-64 Linux GPU machine without
# Java or Maven (as the lent device machines are). The kit folder holds:
#   lib/             junit-platform-console-standalone (the JUnit version of the root pom) and the test dependency jars;
#   payload.tar.xz   jre/: a Java runtime made by jlink from the JDK 25 here, with only the modules the tests need;
#                    classes/: zk-core, verifier and prover-jni classes and test classes (zk-core's hold the snarkjs
#                    fixtures); native/: libzkml.so and libzkml_cuda.so (sm_90) built here from native/ with CMake,
#                    found through jna.library.path, so the kit runs these and never a library left in target/;
#   run.sh           unpacks the payload into a temporary folder and runs every `gpu`-tagged test of prover-jni, then
#                    NativeProveTest and CudaBackendTest's untagged checks as a CPU sanity check, with the Surefire
#                    JVM flags of the root pom; XML reports into $OUT when set.
# (Packed, about 32 MiB; unpacked, the runtime alone would be 60 MiB, libjvm.so being 25 of them.)
# Usage: native/bench/java-device-kit.sh [KIT_DIR]       (default .devkit at the repository root, git-ignored)
# Then, on the device, from the repository root:  bash .devkit/run.sh        (non-zero exit on any failure, and
# when the gpu tests were skipped on a machine that has nvidia-smi).
# Needs: the JDK 25 (ZKML_KIT_JDK, default /usr/lib/jvm/temurin-25-jdk-amd64), Maven Central through ./mvnw,
# cmake, a C++ compiler and nvcc.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
KIT="$(mkdir -p "${1:-$ROOT/.devkit}" && cd "${1:-$ROOT/.devkit}" && pwd)"
JDK="${ZKML_KIT_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}"
BUILD="$ROOT/target/devkit-cmake"
cd "$ROOT"

die() { echo "java-device-kit: $*" >&2; exit 1; }
[ -x "$JDK/bin/jlink" ] || die "no JDK with jlink at $JDK (set ZKML_KIT_JDK)"
[ "$KIT" != "$ROOT" ] && [ "$KIT" != / ] || die "refusing to use $KIT as the kit folder"

# the versions and JVM flags of the root pom, so that the kit runs what Surefire runs
pom_property() {
  sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$ROOT/pom.xml" | head -1
}
JUNIT="$(pom_property junit.version)"
[[ "$JUNIT" =~ ^5\.([0-9]+\.[0-9]+)$ ]] || die "root pom: junit.version '$JUNIT' is not a JUnit 5 version"
PLATFORM="1.${BASH_REMATCH[1]}"  # JUnit 5.x.y ships platform 1.x.y
JVM_FLAGS="$(pom_property zkml.jvm.flags)"
[ -n "$JVM_FLAGS" ] || die "root pom: no zkml.jvm.flags"
ARGLINE_EXTRA="$(sed -n 's:.*<argLine>\${zkml.jvm.flags}\(.*\)</argLine>.*:\1:p' "$ROOT/pom.xml" | head -1)"

rm -rf "$KIT"
STAGE="$ROOT/target/devkit-stage"  # jre/, native/ and classes/, packed into the kit as payload.tar.xz
rm -rf "$STAGE"
mkdir -p "$KIT/lib" "$STAGE/classes" "$STAGE/native"

echo "== Maven: prover-jni and the modules it needs, with their tests compiled (native and npm skipped)"
./mvnw -B -q -pl prover-jni -am test-compile dependency:build-classpath \
  -Dzkml.skipNative=true -Dzkml.skipNodeInstall=true \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/devkit-classpath.txt
echo "== Maven: junit-platform-console-standalone $PLATFORM"
./mvnw -B -q -N dependency:copy \
  -Dartifact="org.junit.platform:junit-platform-console-standalone:$PLATFORM" -DoutputDirectory="$KIT/lib"

# the test class path: folders of the reactor (classes, test classes) copied under classes/, jars into lib/,
# except JUnit's own, which the standalone launcher bundles in the same version
CP=()
IFS=: read -r -a entries < "$ROOT/prover-jni/target/devkit-classpath.txt" || true  # no final newline
add_folder() {  # add_folder <folder> <name under classes/>
  cp -r "$1" "$STAGE/classes/$2"
  rm -rf "$STAGE/classes/$2/linux-x86-64"  # a libzkml of an earlier Maven build: the kit uses its own
  CP+=("classes/$2")
}
add_folder prover-jni/target/test-classes prover-jni-test-classes
add_folder prover-jni/target/classes prover-jni-classes
for e in "${entries[@]}"; do
  case "$e" in
    "$ROOT"/*/target/classes | "$ROOT"/*/target/test-classes)
      rel="${e#"$ROOT"/}"
      add_folder "$e" "${rel%%/*}-$(basename "$e")" ;;
    */org/junit/* | */org/opentest4j/* | */org/apiguardian/*) ;;
    */net/bytebuddy/*) ;;  # 9 MB, used by AssertJ only for soft assertions and assumptions, which these tests do not use
    *.jar)
      cp "$e" "$KIT/lib/"
      CP+=("lib/$(basename "$e")") ;;
    *) die "unexpected class path entry $e" ;;
  esac
done

echo "== native: libzkml and libzkml_cuda (CMake, Release, sm_90)"
command -v nvcc >/dev/null 2>&1 || [ -x /usr/local/cuda/bin/nvcc ] || die "nvcc not found: the kit is for a CUDA device"
PATH="$PATH:/usr/local/cuda/bin" cmake -S native -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
  -DZKML_LIBRARY_OUTPUT_DIR="$BUILD/lib" >/dev/null
cmake --build "$BUILD" --target zkml zkml_cuda -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
for lib in libzkml.so libzkml_cuda.so; do
  [ -f "$BUILD/lib/$lib" ] || die "$lib was not built (see $BUILD)"
  cp "$BUILD/lib/$lib" "$STAGE/native/"
  strip --strip-unneeded "$STAGE/native/$lib"
done
# NativeLibrary.require(): with this file in zkml.native.build, a libzkml that does not load fails the tests
# instead of skipping them
echo "# libzkml was built for this kit by native/bench/java-device-kit.sh: it must load (NativeLibrary.require)" \
  > "$STAGE/native/CTestTestfile.cmake"

echo "== jlink: a Java runtime with the modules the tests need"
# found with jdeps and by trial: java.logging (JUnit's and JNA's logging), java.xml (the XML reports), java.sql
# (jdeps lists it for Bouncy Castle and the console launcher), jdk.unsupported (JNA, sun.misc.Unsafe), jdk.zipfs
# (small; for a selection that scans a jar); left out on purpose: java.desktop (JNA's AWT helpers) and java.naming
# (Bouncy Castle's LDAP store), which jdeps lists but the tests do not reach
MODULES=java.base,java.logging,java.xml,java.sql,jdk.unsupported,jdk.zipfs
"$JDK/bin/jlink" --add-modules "$MODULES" --output "$STAGE/jre" \
  --strip-debug --no-header-files --no-man-pages --compress=zip-0  # then xz: 13.8 MB, against 22.3 MB with zip-9
find "$STAGE/jre" -name '*.so' -exec strip --strip-unneeded {} +

echo "== payload.tar.xz: the runtime, the native libraries and the classes (the jars travel as they are)"
tar -C "$STAGE" -cf - jre native classes | xz -9 -T1 > "$KIT/payload.tar.xz"

CLASSPATH_LINE="${CP[*]}"  # relative to the kit; names without spaces
cat > "$KIT/run.sh" <<EOF
#!/usr/bin/env bash
# Made by native/bench/java-device-kit.sh: runs prover-jni's gpu-tagged tests, then NativeProveTest and the
# untagged checks of CudaBackendTest, with this kit's own Java runtime and native libraries (unpacked from
# payload.tar.xz into a temporary folder, removed at exit).
# Usage: bash .devkit/run.sh [console launcher selection and options]   (from anywhere; XML reports into \$OUT
# when set, else into the kit's reports/)
# Exit status: non-zero on any failure, on no tests found, and when gpu tests were skipped on a machine that has
# nvidia-smi (a library that does not load there must not pass as "no device").
set -uo pipefail
KIT="\$(cd "\$(dirname "\${BASH_SOURCE[0]}")" && pwd)"
ROOT="\$(cd "\$KIT/.." && pwd)"
REPORTS="\${OUT:-\$KIT/reports}"
WORK="\$(mktemp -d "\${TMPDIR:-/tmp}/zkml-devkit.XXXXXX")" || exit 1
trap 'rm -rf "\$WORK"' EXIT
if command -v xz >/dev/null 2>&1; then
  xz -dc "\$KIT/payload.tar.xz" | tar -x -C "\$WORK" || { echo "run.sh: cannot unpack the payload" >&2; exit 1; }
else
  python3 -c 'import sys, tarfile; tarfile.open(sys.argv[1], "r:xz").extractall(sys.argv[2], **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))' \\
    "\$KIT/payload.tar.xz" "\$WORK" \\
    || { echo "run.sh: cannot unpack the payload (no xz, and python3 failed)" >&2; exit 1; }
fi
ln -s "\$KIT/lib" "\$WORK/lib"
rm -rf "\$REPORTS/junit-gpu" "\$REPORTS/junit-cpu" "\$REPORTS/junit-custom"
mkdir -p "\$REPORTS"
CP=""
for e in $CLASSPATH_LINE lib/junit-platform-console-standalone-$PLATFORM.jar; do CP+="\${CP:+:}\$WORK/\$e"; done
export LD_LIBRARY_PATH="\$WORK/native\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}"
if command -v ldd >/dev/null 2>&1 && missing="\$(ldd "\$WORK"/native/*.so "\$WORK/jre/bin/java" 2>&1 | grep '=> not found')"; then
  echo "run.sh: the native libraries need what this machine lacks:" >&2
  echo "\$missing" >&2
  exit 1
fi
JAVA="\$WORK/jre/bin/java"
"\$JAVA" -version 2>&1 | head -1
launch() {  # launch <report folder> <launcher arguments...>
  local dir="\$REPORTS/\$1"; shift
  "\$JAVA" $JVM_FLAGS$ARGLINE_EXTRA \\
    -Dzkml.native.build="\$WORK/native" -Djna.library.path="\$WORK/native" -Dzkml.repo.root="\$ROOT" \\
    -Djqwik.database="\$WORK/jqwik-database" \\
    -cp "\$CP" org.junit.platform.console.ConsoleLauncher execute --disable-banner --disable-ansi-colors \\
    --details=tree --fail-if-no-tests --reports-dir "\$dir" "\$@"
}
total() {  # total <report folder> <testsuite attribute>: summed over the engines' XML reports
  cat "\$REPORTS/\$1"/*.xml 2>/dev/null | grep -o "<testsuite [^>]*" | grep -o " \$2=\"[0-9]*\"" | tr -dc '0-9\\n' \\
    | awk '{ s += \$1 } END { print s + 0 }'
}
if [ \$# -gt 0 ]; then
  launch junit-custom "\$@"
  exit
fi
echo "== gpu-tagged tests of prover-jni"
launch junit-gpu --scan-classpath "\$WORK/classes/prover-jni-test-classes" --include-tag gpu; gpu_rc=\$?
echo "== CPU sanity: NativeProveTest, CudaBackendTest's untagged checks"
launch junit-cpu --select-class io.zkml.prover.groth16.NativeProveTest \\
  --select-class io.zkml.prover.backend.CudaBackendTest --exclude-tag gpu; cpu_rc=\$?
status=0
echo "== summary"
for part in gpu cpu; do
  found=\$(total junit-\$part tests)
  skipped=\$(total junit-\$part skipped)
  failed=\$(( \$(total junit-\$part failures) + \$(total junit-\$part errors) ))
  echo "\$part: \$found tests found, \$(( found - skipped - failed )) succeeded, \$skipped skipped, \$failed failed"
  cat "\$REPORTS/junit-\$part"/*.xml 2>/dev/null | grep -o '<skipped><!\[CDATA\[.*' \\
    | sed 's/^<skipped><!\[CDATA\[\(org.opentest4j.TestAbortedException: \)\{0,1\}/    skipped: /' | sort | uniq -c
done
[ \$gpu_rc -eq 0 ] && [ \$cpu_rc -eq 0 ] || { echo "FAILED: the launcher exited with \$gpu_rc (gpu) and \$cpu_rc (cpu)"; status=1; }
if [ "\$(total junit-gpu skipped)" -gt 0 ]; then
  if command -v nvidia-smi >/dev/null 2>&1; then
    echo "FAILED: gpu tests were skipped on a machine with nvidia-smi (\$(nvidia-smi -L 2>&1 | head -1))"
    status=1
  else
    echo "NO GPU HERE (no nvidia-smi): the gpu tests were skipped as expected; this run checked the kit and the CPU tests only"
  fi
fi
echo "reports: \$REPORTS"
[ \$status -eq 0 ] && echo "OK"
exit \$status
EOF
chmod +x "$KIT/run.sh"

echo "== glibc and libstdc++ versions the binaries need (the device must have at least these)"
for f in "$STAGE"/native/*.so "$STAGE/jre/bin/java" "$STAGE"/jre/lib/*.so "$STAGE"/jre/lib/server/*.so; do
  objdump -T "$f" | grep -o 'GLIBC\(XX\)\?_[0-9.]*' ; true
done | sort -u -V | awk -F_ '{v[$1]=$0} END {for (k in v) print "  newest " v[k]}'
grep -l -e "$ROOT" -e "$HOME/.m2" "$KIT/run.sh" && die "run.sh names a path of this machine"
named="$(grep -rl -e "$ROOT" -e "$HOME/.m2" "$KIT" "$STAGE" || true)"
echo "files of the kit that name $ROOT or ~/.m2: ${named:-none}"
echo "kit: $KIT ($(du -sh "$KIT" | cut -f1); unpacked $(du -sh "$STAGE" | cut -f1) + lib)"
