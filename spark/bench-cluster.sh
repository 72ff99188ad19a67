#!/usr/bin/env bash
# Wall time of 'label' (the single-machine CLI), 'spark label --master local[2]' and 'spark label' on a Spark
# standalone cluster of two Workers (1 core each) on loopback, for a large and a small image folder: the
# difference of the two sizes gives the per-image cost, what remains the fixed start-up cost (docs/spark.md
# reports a run). Everything is run through ./autodistill4j, as a user would. The cluster (a Master and two
# Workers from spark/target/spark-lib) is started here and stopped on exit.
#   spark/bench-cluster.sh MODEL_SPEC ONTOLOGY.yaml BIG_DIR SMALL_DIR [OUT_DIR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model="$1"; ontology="$2"; big="$3"; small="$4"; out="${5:-$(mktemp -d)}"
java="$("$here/.ci/jdk")/bin/java"
home="$out/spark-home"; mkdir -p "$home"; ln -sfn "$here/spark/target/spark-lib" "$home/jars"
opens="--add-exports java.base/sun.nio.ch=ALL-UNNAMED"
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
         java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.util.calendar; do
  opens="$opens --add-opens=java.base/$p=ALL-UNNAMED"
done
export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13 JAVA_HOME="$("$here/.ci/jdk")" SPARK_LOCAL_IP=127.0.0.1
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
daemon() { # name, main class, args…
  local name="$1"; shift
  "$java" -Xmx512m $opens -cp "$here/spark/target/spark-lib/*" "$@" > "$out/$name.log" 2>&1 &
  pids+=($!)
}
daemon master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 7177 --webui-port 8180
sleep 8
for i in 0 1; do
  mkdir -p "$out/work-$i"
  daemon "worker-$i" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory 2g \
    --webui-port $((8181 + i)) --work-dir "$out/work-$i" spark://127.0.0.1:7177
done
sleep 8
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
run() { # label, images, command…
  local label="$1" n="$2"; shift 2
  local start end
  start=$(date +%s.%N)
  "$@" > "$out/$label.out" 2> "$out/$label.err"
  end=$(date +%s.%N)
  python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print(f'{sys.argv[3]:14s} {int(sys.argv[4]):5d} images {s:7.1f} s  {int(sys.argv[4])/s:6.1f} images/s  load {open(\"/proc/loadavg\").read().split()[0]}')" "$start" "$end" "$label" "$n"
}
for set in big small; do
  dir="${!set}"
  n=$(find "$dir" -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' \) | wc -l)
  common=(--model "$model" --ontology "$ontology" --input "$dir" --confidence 0.3 --seed 7 --batch 32)
  run "label-$set" "$n" "$here/autodistill4j" label "${common[@]}" --output "$out/label-$set"
  run "local2-$set" "$n" "$here/autodistill4j" spark label --master 'local[2]' "${common[@]}" --output "$out/local2-$set" --partitions 8
  run "cluster-$set" "$n" "$here/autodistill4j" spark label --master spark://127.0.0.1:7177 \
    --spark-conf spark.executor.memory=1g --spark-conf spark.driver.host=127.0.0.1 "${common[@]}" \
    --output "$out/cluster-$set" --partitions 8
done
