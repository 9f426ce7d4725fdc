#!/usr/bin/env bash
# Where a bar's value is carried, read off the v16 run's value probe: its last checkpoint (runs/v16/latest) continued
# for 15 steps at the schedule's tail (lr about 4e-5, so the model barely moves) with the probe read at one decoder layer
# input; "values" is its loss over every cell of a bar, "labels" over the label letters alone (chance over 12 values: 2.48).
set -euo pipefail
cd "$(dirname "$0")/../.."
T="dotnet run -c Release --project src/Training --"
for layer in 0 1 2; do
  python3 - "$layer" <<'PY'
import json, sys
d = json.load(open('results/reference-vlm-v16-question-ground/pretrain.json'))
d['Loss'].update(ValueLayers=[sys.argv[1]], LabelValueWeight='1.0')
d['Training'].update(LogEvery='5', EvalEvery='100000')
d['Output'] = {'RunDir': 'runs/v16-by-layer', 'ExportDir': 'runs/v16-by-layer-export', 'StableDir': 'runs/v16-by-layer-stable'}
json.dump(d, open('runs/v16-by-layer.json', 'w'), indent=2)
PY
  rm -rf runs/v16-by-layer && cp -r runs/v16 runs/v16-by-layer
  echo '{"step":1985}' > runs/v16-by-layer/latest/trainer_state.json   # no recorded lr: resume without the schedule check
  echo "decoder layer $layer input: $($T runs/v16-by-layer.json --resume 2>&1 | grep -oE '(values|labels) [0-9.]+' | tr '\n' ' ')"
done
