#!/usr/bin/env bash
# Times the README's reading text sweep on the build of a reference commit and on this checkout (one and two workers),
# one after the other on the same machine, and checks that every run gives the same answers.
#   benchmarks/text-sweep.sh [BASE_COMMIT]      (default 973bfc1^, the eval before the prefill was shared)
#   LIMIT=12 benchmarks/text-sweep.sh           (samples of the family; default 0, all 100: the README's command)
# Needs the fresh split: dotnet run -c Release --project src/Training -- generate-data --out runs/fresh-60613 --seed 60613 --count 500
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-973bfc1^}
data=$PWD/runs/fresh-60613
out=$(mktemp -d)
trap 'git worktree remove --force "$out/base" 2>/dev/null || true; rm -rf "$out"' EXIT
sweep=(eval --model "$PWD/checkpoints/reference-vlm" --data "$data" --task read_line --selectors none
       --text-policies asym,h2o,streamingllm,tova,none --text-budgets 8,10,12,14,16 --limit "${LIMIT:-0}")

git worktree add --detach --force "$out/base" "$base" >/dev/null
# Before the CLI had its own project, eval lived in src/Inference.
cli=src/Inference.Cli; [ -d "$out/base/$cli" ] || cli=src/Inference
dotnet build -c Release "$out/base/$cli" >/dev/null
dotnet build -c Release src/Inference.Cli >/dev/null

run() { # label, checkout, project, extra args
  local start; start=$(date +%s.%N)
  (cd "$2" && dotnet run -c Release --no-build --project "$3" -- "${sweep[@]}" "${@:4}" --out "$out/$1" >/dev/null)
  awk -v label="$1" -v start="$start" -v end="$(date +%s.%N)" 'BEGIN { printf "%s %.1f\n", label, end - start }'
}
{
  run base "$out/base" "$cli"
  run workers-1 . src/Inference.Cli --workers 1
  run workers-2 . src/Inference.Cli --workers 2
} | python3 -c "
import json, sys
rows = [l.split() for l in sys.stdin]
answers = {label: [(x['id'], x['text_policy'], x['text_budget'], x['answer']) for x in map(json.loads, open('$out/' + label + '/answers.jsonl'))] for label, _ in rows}
base = float(rows[0][1])
print('| build | seconds | vs $base |'); print('|---|---|---|')
for label, seconds in rows:
    same = sorted(answers[label]) == sorted(answers[rows[0][0]])
    print(f'| {label} | {seconds} | {base / float(seconds):.2f}x{\"\" if same else \" (answers differ)\"} |')
"
