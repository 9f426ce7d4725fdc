#!/usr/bin/env bash
# The v15 run's owner probe, read per kind of part and per layer: its last checkpoint (runs/v15/latest) continued for
# 15 steps at the schedule's tail (lr about 4e-5, so the model barely moves) with the owner probe restricted to one kind
# and one layer; the logged "owners" term is then that kind's loss at that layer (chance over 26 bar letters: 3.26).
# Then the value probe (every cell of a bar carries the bar's value; chance over 12 values: 2.48) at one layer each.
set -euo pipefail
cd "$(dirname "$0")/../.."
T="dotnet run -c Release --project src/Training --"
for kind in field bar line value; do
  for layer in 0 3; do
    python3 - "$kind" "$layer" <<'PY'
import json, sys
d = json.load(open('results/reference-vlm-v15-column-code/pretrain.json'))
d['Loss'].update(OwnerParts=[sys.argv[1]], OwnerLayers=[sys.argv[2]]) if sys.argv[1] != 'value' else d['Loss'].update(ValueLayers=[sys.argv[2]])
d['Training'].update(LogEvery='5', EvalEvery='100000')
d['Output'] = {'RunDir': 'runs/v15-by-kind', 'ExportDir': 'runs/v15-by-kind-export', 'StableDir': 'runs/v15-by-kind-stable'}
json.dump(d, open('runs/v15-by-kind.json', 'w'), indent=2)
PY
    rm -rf runs/v15-by-kind && cp -r runs/v15 runs/v15-by-kind
    echo '{"step":1985}' > runs/v15-by-kind/latest/trainer_state.json   # no recorded lr: resume without the schedule check
    echo "$kind, decoder layer $layer input: $($T runs/v15-by-kind.json --resume 2>&1 | grep -oE "$([ "$kind" = value ] && echo values || echo owners) [0-9.]+" | tr '\n' ' ')"
  done
done
