#!/bin/bash
# Does the bundled generator help the ROP classifier? Trains recipes/rop.json at a
# reduced budget twice — real photographs only, and real plus synthetic ones — with
# the same seed, then measures both on the HVDROPDB-full test split.
#
#   scripts/synthesis/downstream.sh ROPSCREEN_BINARY DATA_ROOT WORK [STEPS] [SYNTHETIC_PER_CLASS] [GENERATOR_CARD]
#
# RUNS="real" (or "real-synthetic") runs one of the two; a run whose WORK/<run>-test.json
# exists is not repeated.
# The synthetic photographs get their own manifest (column synthetic = true) in
# WORK/data/synthetic, beside a link to the real data set; the recipe's seeded hold-out
# takes the same 40 real validation photographs in both runs (and, in the second, 40
# synthetic ones more: the recipe holds out per manifest). Nothing is written to Models/.
set -euo pipefail
ropscreen=$1 data=$2 work=$3 steps=${4:-200} per_class=${5:-100}
runs=${RUNS:-real real-synthetic}
mkdir -p "$work/data/synthetic"
ln -sfn "$(realpath "$data")/HVDROPDB-full" "$work/data/HVDROPDB-full"
# The reduced budget: STEPS steps at 224 px (the bundled model: 600 at 320), warm-up then cosine.
python3 - "$work" "$steps" <<'PY'
import json, sys
work, steps = sys.argv[1], int(sys.argv[2])
base = json.load(open("recipes/rop.json"))
for name, manifests in [("real", ["HVDROPDB-full/manifest.csv"]),
                        ("real-synthetic", ["HVDROPDB-full/manifest.csv", "synthetic/manifest.csv"])]:
    r = json.loads(json.dumps(base))
    r["name"] = "rop-downstream-" + name
    r["manifests"] = manifests
    r["preprocessing"]["inputSize"] = 224
    warm = max(steps // 10, 1)
    r["schedule"] = {"warmup": {"warmupSteps": warm, "startFactor": 0.1, "then": {"cosine": {"totalSteps": steps - warm, "minimumFactor": 0.02}}}}
    r["trainer"]["steps"] = steps
    r["trainer"]["validateEvery"] = steps
    json.dump(r, open(f"{work}/rop-downstream-{name}.json", "w"), indent=2)
PY
for name in $runs; do
  [ -f "$work/$name-test.json" ] && continue
  if [ "$name" = real-synthetic ]; then
    for class in normal rop; do
      "$ropscreen" synthesize --class "$class" --count "$per_class" --seed 7 --out "$work/data/synthetic-$class"
    done
    mkdir -p "$work/data/synthetic/images"
    cp "$work"/data/synthetic-*/images/*.png "$work/data/synthetic/images/"
    { head -n 1 "$work/data/synthetic-normal/manifest.csv"; tail -q -n +2 "$work"/data/synthetic-{normal,rop}/manifest.csv; } > "$work/data/synthetic/manifest.csv"
  fi
  "$ropscreen" train "$work/rop-downstream-$name.json" --data "$work/data" --output "$work/models/$name" --work "$work/runs/$name" --skip-evaluation
  "$ropscreen" evaluate --task rop --manifest "$work/data/HVDROPDB-full/manifest.csv" --split test --model "$work/models/$name" --json > "$work/$name-test.json"
  echo "$name: $(cat "$work/$name-test.json")"
done

# With a generator card given as the sixth argument, both runs' test figures go into it.
if [ -n "${6:-}" ] && [ -f "$work/real-test.json" ] && [ -f "$work/real-synthetic-test.json" ]; then
  python3 - "$work" "$6" "$steps" "$per_class" <<'PY'
import json, sys
work, card_path, steps, per_class = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
card = json.load(open(card_path))
for name in ["real", "real-synthetic"]:
    metrics = json.load(open(f"{work}/{name}-test.json"))["metrics"]
    card["metrics"][f"downstream/rop {name}, {steps} steps at 224 px, HVDROPDB-full test"] = {k: v for k, v in metrics.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
note = (f"Downstream: recipes/rop.json at a reduced budget ({steps} steps at 224 px, same seed 20261201, same 40 real validation photographs) "
        f"trained on real photographs only and on real plus {per_class} synthetic photographs per class (scripts/synthesis/downstream.sh); "
        "test figures under metrics 'downstream/...'. The mixed run's validation also holds 40 synthetic photographs, which moves its operating threshold.")
card["notes"] = [n for n in card["notes"] if not n.startswith("Downstream:")] + [note]
json.dump(card, open(card_path, "w"), indent=2, sort_keys=True, separators=(",", " : "), ensure_ascii=False)
PY
fi
