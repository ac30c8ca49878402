#!/usr/bin/env bash
# Writes the seed corpus from the shipped data: every `hours:` value of the helpline catalogue and
# the sample municipality into corpus/hours/, every `number:` and `display:` value (and each
# number with its display form, on two lines, as phone.swift reads them) into corpus/phone/.
# One value per file, named by the SHA-1 of its content as libFuzzer names inputs.
# Run again after the data changes: bash scripts/fuzz/make-corpus.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
files=("$root/Resources/catalogue/helplines.yaml" "$root/Resources/profiles/exempelkommun/profile.yaml")

# Prints `key<TAB>value` for each `key: value` line whose key is one of $1 (a regex), unquoting
# "..." and dropping a trailing comment.
values() {
    awk -v keys="$1" '
        match($0, "^[ -]*(" keys "):[ ]+") {
            key = $0; sub(/^[ -]*/, "", key); sub(/:.*/, "", key)
            value = substr($0, RSTART + RLENGTH)
            if (value ~ /^"/) { value = substr(value, 2); sub(/".*/, "", value) }
            else { sub(/[ ]+#.*/, "", value); sub(/[ ]+$/, "", value) }
            if (value != "") print key "\t" value
        }' "${files[@]}"
}

# Writes one seed file (printf %b turns the \n between a number and its display form into a newline).
seed() {
    local dir=$1 text=$2 name
    name=$(printf '%b' "$text" | sha1sum | cut -c1-40)
    printf '%b' "$text" >"$dir/$name"
}

rm -rf "$here/corpus/hours" "$here/corpus/phone"
mkdir -p "$here/corpus/hours" "$here/corpus/phone"
while IFS=$'\t' read -r _ value; do seed "$here/corpus/hours" "$value"; done < <(values hours)
number=""
while IFS=$'\t' read -r key value; do
    seed "$here/corpus/phone" "$value"
    case "$key" in
        number) number=$value ;;
        display) [ -n "$number" ] && seed "$here/corpus/phone" "$number\\n$value" ;;
    esac
done < <(values 'number|display')
echo "corpus/hours: $(ls "$here/corpus/hours" | wc -l) files, corpus/phone: $(ls "$here/corpus/phone" | wc -l) files"
