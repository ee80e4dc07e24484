#!/usr/bin/env bash
# Times, side by side in one run, a 40-chapter book full of cnn blocks built
# with the preprocessor (the compiled binary as the command) against the same
# book with its figures already written into the chapters (taken from
# mdBook's markdown renderer), so the ratio is the cost of computing the
# figures, not of bigger pages. Also times a rebuild of this repo's book.
# Wall-clock times are the measure; CPU times (user + system, the
# preprocessor included) are printed too, as they move less when the
# machine is busy.
#   usage: benches/book_build.sh [RUNS]      (default 7; needs mdbook 0.5)
# BIN=path/to/mdbook-cnn-views times that binary instead of this tree's
# (to compare with an older build).
# DISTINCT=1 makes every block of the book differ from every other (its own
# bias or first pixel), so no figure is drawn once for many places; by
# default two blocks of each chapter repeat in every chapter, and the third
# comes in seven versions, as named examples repeat in a real book.
# INPUT=FILE also saves the JSON mdBook hands the preprocessor, to time or
# count it alone, e.g.
#   valgrind --tool=callgrind target/release/mdbook-cnn-views < FILE > /dev/null
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
if [ -n "${BIN:-}" ]; then
  bin=$(realpath "$BIN")
else
  cargo build --release --quiet --bin mdbook-cnn-views
  bin="$PWD/target/release/mdbook-cnn-views"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The book with blocks.
mkdir -p "$work/blocks/src"
printf '# Summary\n\n' > "$work/blocks/src/SUMMARY.md"
for i in $(seq -w 1 40); do
  if [ -n "${DISTINCT:-}" ]; then
    vary=$'bias = 0.'"$i"$'\n'; first=$((10#$i))
  else
    vary=""; first=$((10#$i % 7))
  fi
  cat > "$work/blocks/src/ch$i.md" <<MD
# Chapter $i

Some prose before the figures, as in a real chapter.

\`\`\`cnn
example = "seed"
${vary}views = ["all"]
\`\`\`

\`\`\`cnn
example = "seed-padded"
${vary}views = ["sections", "equations", "matrix"]
\`\`\`

\`\`\`cnn
image = [[$first, 1, 2, 3, 4, 5], [6, 7, 8, 9, 0, 1], [2, 3, 4, 5, 6, 7], [8, 9, 0, 1, 2, 3], [4, 5, 6, 7, 8, 9], [0, 1, 2, 3, 4, 5]]
filter = [[1, 0, -1], [2, 0, -2], [1, 0, -1]]
views = ["output", "network", "compact"]
\`\`\`
MD
  printf -- '- [Chapter %s](ch%s.md)\n' "$i" "$i" >> "$work/blocks/src/SUMMARY.md"
done
cat > "$work/blocks/book.toml" <<TOML
[book]
title = "Forty chapters"
[preprocessor.cnn-views]
command = "$bin"
[output.html]
TOML

if [ -n "${INPUT:-}" ]; then
  # A stand-in preprocessor that keeps its input and hands it on.
  printf '#!/bin/sh\n[ $# -gt 0 ] && exec "%s" "$@"\ntee "%s" | "%s"\n' \
    "$bin" "$(realpath "$INPUT")" "$bin" > "$work/saving.sh"
  chmod +x "$work/saving.sh"
  MDBOOK_PREPROCESSOR__CNN_VIEWS__COMMAND="$work/saving.sh" \
    mdbook build "$work/blocks" -d "$work/out-saving" >/dev/null 2>&1
fi

# The same chapters with the figures already in them.
cp -r "$work/blocks" "$work/markdown"
cat >> "$work/markdown/book.toml" <<TOML
[output.markdown]
TOML
sed -i 's/^\[output.html\]$//' "$work/markdown/book.toml"
mdbook build "$work/markdown" -d "$work/md-out" >/dev/null 2>&1
mkdir -p "$work/plain/src"
cp "$work/md-out/"*.md "$work/plain/src/" 2>/dev/null || cp "$work/md-out/markdown/"*.md "$work/plain/src/"
cp "$work/blocks/src/SUMMARY.md" "$work/plain/src/SUMMARY.md"
printf '[book]\ntitle = "Forty chapters"\n' > "$work/plain/book.toml"
grep -q 'class="cnn-views"' "$work/plain/src/ch01.md" || { echo "pre-rendered chapters have no figures" >&2; exit 1; }

# Appends "WALL_MS CPU_MS" of one run of the command to file $1 (CPU 0
# without GNU time).
time_ms() {
  local out=$1 s e; shift
  echo "0 0" > "$work/cpu"
  s=$(date +%s%N)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -o "$work/cpu" -f '%U %S' "$@" >/dev/null 2>&1
  else
    "$@" >/dev/null 2>&1
  fi
  e=$(date +%s%N)
  echo "$(( (e - s) / 1000000 )) $(awk '{ printf "%d", ($1 + $2) * 1000 }' "$work/cpu")" >> "$out"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

: > "$work/t-blocks"; : > "$work/t-plain"; : > "$work/t-repo"
for _ in $(seq "$runs"); do
  time_ms "$work/t-blocks" mdbook build "$work/blocks" -d "$work/out-blocks"
  time_ms "$work/t-plain" mdbook build "$work/plain" -d "$work/out-plain"
  MDBOOK_PREPROCESSOR__CNN_VIEWS__COMMAND="$bin" time_ms "$work/t-repo" mdbook build . -d "$work/out-repo"
done
wall() { cut -d' ' -f1 < "$1" | median; }
cpu() { cut -d' ' -f2 < "$1" | median; }
blocks=$(wall "$work/t-blocks"); plain=$(wall "$work/t-plain"); repo=$(wall "$work/t-repo")
blocks_cpu=$(cpu "$work/t-blocks"); plain_cpu=$(cpu "$work/t-plain")
figures=$(cat "$work/out-blocks/"ch*.html | grep -o '<figure class="cnn-views"' | wc -l)
echo "40 chapters, $figures figures, median of $runs builds (wall clock; CPU time in brackets):"
echo "  with the preprocessor:      ${blocks} ms (${blocks_cpu} ms)"
echo "  figures already in place:   ${plain} ms (${plain_cpu} ms)"
awk -v a="$blocks" -v b="$plain" -v c="$blocks_cpu" -v d="$plain_cpu" \
  'BEGIN { printf "  ratio:                      %.2fx (CPU %.2fx)\n", a / b, c / (d ? d : 1) }'
echo "this repo's book (what mdbook serve rebuilds): ${repo} ms"
