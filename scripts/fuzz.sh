#!/usr/bin/env bash
# Fuzz the tokenizer and the reply formatter with libFuzzer, SECONDS each (default 30).
#
# Builds with swiftc directly (SwiftPM has no library product to link a fuzz package
# against): RedisClient's Reply.swift (no C imports) and Sources/RedisCLIFormat become two
# instrumented modules, and each harness in Fuzz/ links them with libFuzzer's main.
# (CommandTable+Fetch.swift needs hiredis and is left out.)
# New corpus entries land in Tests/RedisCLIFormatTests/FuzzCorpus/<target>/, crash
# reproducers too; the RedisCLIFormatTests replay that corpus.
set -euo pipefail

seconds="${1:-30}"
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/.build/fuzz"
corpus="$root/Tests/RedisCLIFormatTests/FuzzCorpus"
flags=(-sanitize=fuzzer,address -parse-as-library -O -g -I "$build")
mkdir -p "$build"

echo "fuzz: building modules in $build" >&2
swiftc "${flags[@]}" -wmo -module-name RedisClient -emit-module \
  -emit-module-path "$build/RedisClient.swiftmodule" -emit-object -o "$build/RedisClient.o" \
  "$root/Sources/RedisClient/Reply.swift"
swiftc "${flags[@]}" -wmo -module-name RedisCLIFormat -emit-module \
  -emit-module-path "$build/RedisCLIFormat.swiftmodule" -emit-object -o "$build/RedisCLIFormat.o" \
  $(ls "$root"/Sources/RedisCLIFormat/*.swift | grep -v +Fetch.swift)

status=0
for target in tokenizer formatter; do
  case "$target" in
    tokenizer) source="$root/Fuzz/FuzzTokenizer.swift" ;;
    formatter) source="$root/Fuzz/FuzzFormatter.swift" ;;
  esac
  binary="$build/fuzz-$target"
  swiftc "${flags[@]}" -module-name "Fuzz_$target" -o "$binary" "$source" \
    "$build/RedisClient.o" "$build/RedisCLIFormat.o"
  mkdir -p "$corpus/$target"
  echo "fuzz: running $target for ${seconds}s" >&2
  # The Swift backtracer can hang after a crash; libFuzzer reports it instead.
  if ! SWIFT_BACKTRACE=enable=no "$binary" -max_total_time="$seconds" -max_len=512 \
    -artifact_prefix="$corpus/$target/" -print_final_stats=1 "$corpus/$target"; then
    echo "fuzz: $target found a failure; the reproducer is in $corpus/$target" >&2
    status=1
  fi
done
exit "$status"
