#!/usr/bin/env bash
# Images/s of 'embed' (the single-machine CLI) and of 'spark embed' with local[1] and local[2], on the same
# images, model and machine, one after the other (docs/spark.md reports a run). Wall time includes JVM start,
# model load and (for Spark) session start: what a user waits for.
#   spark/bench-local.sh MODEL_SPEC IMAGE_DIR [OUT_DIR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model="$1"; images="$2"; out="${3:-$(mktemp -d)}"
n=$(find "$images" -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' \) | wc -l)
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "images: $n in $images"
run() { # label, command…
  local label="$1"; shift
  local start end
  start=$(date +%s.%N)
  "$@" > "$out/$label.out" 2> "$out/$label.err"
  end=$(date +%s.%N)
  python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print(f'{sys.argv[3]:10s} {s:7.1f} s  {int(sys.argv[4])/s:7.1f} images/s')" "$start" "$end" "$label" "$n"
}
run cli "$here/autodistill4j" embed --model "$model" --images "$images" --normalize --batch 32
run local1 "$here/autodistill4j" spark embed --master 'local[1]' --model "$model" --input "$images" --output "$out/local1.parquet" --batch 32 --partitions 4
run local2 "$here/autodistill4j" spark embed --master 'local[2]' --model "$model" --input "$images" --output "$out/local2.parquet" --batch 32 --partitions 4
echo "spark job seconds (session start excluded):"
grep -h seconds "$out"/local*.out
