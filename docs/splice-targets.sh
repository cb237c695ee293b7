#!/usr/bin/env bash
# Re-writes the block between BENCHMARKS.md's `<!-- targets: ... -->` and `<!-- /targets -->` markers with the table
# docs/accuracy-targets.py prints at this commit (build first: mvn -B -DskipTests package).
set -euo pipefail
cd "$(dirname "$0")/.."
table=$(python3 docs/accuracy-targets.py)
python3 - "$table" <<'PY'
import re, sys
path = "BENCHMARKS.md"
text = open(path).read()
start = "<!-- targets: python3 docs/accuracy-targets.py -->"
end = "<!-- /targets -->"
i, j = text.index(start) + len(start), text.index(end)
open(path, "w").write(text[:i] + "\n" + sys.argv[1] + "\n" + text[j:])
PY
