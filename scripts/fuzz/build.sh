#!/usr/bin/env bash
# Builds the libFuzzer targets into .build-fuzz/: bash scripts/fuzz/build.sh [hours|phone]...
# (no argument: both). Rebuilds a target only when one of its inputs is newer than its binary.
#
# swiftc compiles the project's own source files straight into each binary with
# -sanitize=fuzzer,address (SwiftPM's --sanitize=fuzzer gave a binary without coverage):
#   hours  hours.swift on module OpeningHours (Sources/OpeningHours/*.swift), with the `hours:`
#          block of Resources/languages/sv.yaml embedded as text;
#   phone  Sources/Catalogue/PhoneNumber.swift + phone.swift as module Catalogue, on the real
#          Diagnostics and InputRules modules and shim/DataFiles.swift (PhoneNumber.swift's YAML
#          loader is not fuzzed), with Resources/telephony/*.yaml embedded as text.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out="$root/.build-fuzz"
swiftc=${SWIFTC:-swiftc}
flags=(-sanitize=fuzzer,address -parse-as-library -O -swift-version 6 -g -use-ld=lld)
mkdir -p "$out/gen" "$out/modules" "$out/obj"
cd "$out"  # swiftc leaves module files in the working directory

# Writes a Swift file declaring `let NAME = #"""TEXT"""#` (only when the text changed).
embed() {
    local name=$1 file=$2 tmp
    tmp=$(mktemp)
    { printf 'let %s = #"""\n' "$name"; cat; printf '"""#\n'; } >"$tmp"
    if cmp -s "$tmp" "$file"; then rm -f "$tmp"; else mv "$tmp" "$file"; fi
}

# true when $1 is missing or older than any of the other files
stale() {
    local target=$1; shift
    [ -e "$target" ] || return 0
    local f
    for f in "$@"; do [ "$f" -nt "$target" ] && return 0; done
    return 1
}

build_hours() {
    sed -n '/^hours:/,/^[^ #]/{/^ /p}' "$root/Resources/languages/sv.yaml" \
        | embed shippedSwedishHoursBlock "$out/gen/SwedishHoursBlock.swift"
    module OpeningHours "$root"/Sources/OpeningHours/*.swift
    local sources=("$here/hours.swift" "$out/gen/SwedishHoursBlock.swift")
    if stale "$out/hours" "${sources[@]}" "$out/obj/OpeningHours.o" "$here/build.sh"; then
        echo "==> Building $out/hours"
        nice -n 19 "$swiftc" "${flags[@]}" -wmo -module-name HoursFuzz -I "$out/modules" \
            "${sources[@]}" "$out/obj/OpeningHours.o" -o "$out/hours"
    fi
}

# A library module of the project, compiled on its own: object + .swiftmodule.
module() {
    local name=$1; shift
    if stale "$out/obj/$name.o" "$@" "$here/build.sh"; then
        echo "==> Compiling module $name"
        nice -n 19 "$swiftc" "${flags[@]}" -wmo -module-name "$name" -I "$out/modules" -emit-module \
            -emit-module-path "$out/modules/$name.swiftmodule" -c "$@" -o "$out/obj/$name.o"
    fi
}

build_phone() {
    cat "$root/Resources/telephony/area-codes.yaml" | embed shippedAreaCodesYAML "$out/gen/AreaCodes.swift"
    cat "$root/Resources/telephony/fictional-numbers.yaml" | embed shippedFictionalNumbersYAML "$out/gen/FictionalNumbers.swift"
    module Diagnostics "$root"/Sources/Diagnostics/*.swift
    module InputRules "$root"/Sources/InputRules/*.swift
    module DataFiles "$here/shim/DataFiles.swift"
    local sources=("$root/Sources/Catalogue/PhoneNumber.swift" "$here/phone.swift"
                   "$out/gen/AreaCodes.swift" "$out/gen/FictionalNumbers.swift")
    local objects=("$out/obj/Diagnostics.o" "$out/obj/InputRules.o" "$out/obj/DataFiles.o")
    if stale "$out/phone" "${sources[@]}" "${objects[@]}" "$here/build.sh"; then
        echo "==> Building $out/phone"
        nice -n 19 "$swiftc" "${flags[@]}" -wmo -module-name Catalogue -I "$out/modules" \
            "${sources[@]}" "${objects[@]}" -o "$out/phone"
    fi
}

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(hours phone)
for target in "${targets[@]}"; do
    case "$target" in
        hours) build_hours ;;
        phone) build_phone ;;
        *) echo "unknown target '$target'; the targets are hours and phone" >&2; exit 2 ;;
    esac
done
