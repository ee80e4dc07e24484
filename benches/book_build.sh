#!/usr/bin/env bash
# Times, side by side in one run, a 40-chapter book full of cnn blocks built
# with the preprocessor (the compiled binary as the command) against the same
# book with its figures already written into the chapters (taken from
# mdBook's markdown renderer), so the ratio is the cost of computing the
# figures, not of bigger pages. Also times a rebuild of this repo's book.
#   usage: benches/book_build.sh [RUNS]      (default 7; needs mdbook 0.5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
cargo build --release --quiet --bin mdbook-cnn-views
bin="$PWD/target/release/mdbook-cnn-views"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The book with blocks.
mkdir -p "$work/blocks/src"
printf '# Summary\n\n' > "$work/blocks/src/SUMMARY.md"
for i in $(seq -w 1 40); do
  cat > "$work/blocks/src/ch$i.md" <<MD
# Chapter $i

Some prose before the figures, as in a real chapter.

\`\`\`cnn
example = "seed"
views = ["all"]
\`\`\`

\`\`\`cnn
example = "seed-padded"
views = ["sections", "equations", "matrix"]
\`\`\`

\`\`\`cnn
image = [[$((10#$i % 7)), 1, 2, 3, 4, 5], [6, 7, 8, 9, 0, 1], [2, 3, 4, 5, 6, 7], [8, 9, 0, 1, 2, 3], [4, 5, 6, 7, 8, 9], [0, 1, 2, 3, 4, 5]]
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

time_ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

: > "$work/t-blocks"; : > "$work/t-plain"; : > "$work/t-repo"
for _ in $(seq "$runs"); do
  time_ms mdbook build "$work/blocks" -d "$work/out-blocks" >> "$work/t-blocks"
  time_ms mdbook build "$work/plain" -d "$work/out-plain" >> "$work/t-plain"
  MDBOOK_PREPROCESSOR__CNN_VIEWS__COMMAND="$bin" time_ms mdbook build . -d "$work/out-repo" >> "$work/t-repo"
done
blocks=$(median < "$work/t-blocks"); plain=$(median < "$work/t-plain"); repo=$(median < "$work/t-repo")
figures=$(cat "$work/out-blocks/"ch*.html | grep -o '<figure class="cnn-views"' | wc -l)
echo "40 chapters, $figures figures, median of $runs builds:"
echo "  with the preprocessor:      ${blocks} ms"
echo "  figures already in place:   ${plain} ms"
awk -v a="$blocks" -v b="$plain" 'BEGIN { printf "  cost of computing figures:  %+.0f%%\n", (a / b - 1) * 100 }'
echo "this repo's book (what mdbook serve rebuilds): ${repo} ms"
