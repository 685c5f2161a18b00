#!/usr/bin/env bash
# The JAX engine on a GPU: one prepared script for the workplace's device tool (an NVIDIA H200).
#
# What it measures, in order of value (each step bounded by `timeout`, each continuing on failure):
#   1. throughput of rescorla_wagner (baseline) and dual_trace at 10,000 and 100,000 subjects
#      (benchmarks/dual_trace.py, self-administration, 1,000 steps), to compare with the CPU figures;
#   2. simulations (sim.tgz) to compare here with `remission simulate` of the same seed on the CPU;
#   3. a short calibration (dual_trace, every finding, 48 evaluations in generations of 24), timed
#      against the same command on the CPU;
#   4. the engine, checker and reference-parity tests under the GPU backend;
#   5. with the time left, a long in-sample calibration (--train all) whose best population so far
#      streams to its folder (scored afterwards on the CPU with `remission scorecard --population`).
#
# Run from the repository root through the device tool, carrying .whl (wheels of the packages the
# device image lacks; .whl is git-ignored) and .shared_copy (a copy of ../shared, in
# .git/info/exclude). Prepare both here first:
#   python3 -m pip download --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
#     --platform manylinux2014_x86_64 -d .whl pydantic==2.14.4 pydantic_core==2.50.5 \
#     annotated-types==0.8.0 typing-inspection==0.4.5 tomli_w==1.2.0 cma==4.5.0 typing_extensions \
#     arviz==0.23.4 xarray-einstats==0.9.1 h5netcdf==1.8.3 platformdirs
#   mkdir -p .shared_copy && cp -r ../shared/* .shared_copy/ && echo /.shared_copy/ >> .git/info/exclude
# then: run(command="DEVICE_BUDGET_S=470 bash benchmarks/device_check.sh 2>&1 | tee $OUT/log.txt",
#           carry=[".whl", ".shared_copy"], timeout_s=540)
set -u
START=$SECONDS
O=${OUT:-/tmp/device_out}
mkdir -p "$O"
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
[ -d ../shared ] || cp -r .shared_copy ../shared
export PYTHONPATH=/tmp/site:$PWD/src PYTHONUNBUFFERED=1 REMISSION_JAX_CACHE=/tmp/jaxcache
R="python3 -m remission"
stamp() { echo "== $1 at $((SECONDS - START)) s"; }

stamp setup
nvidia-smi -L
python3 -c "import jax; print('jax', jax.__version__, jax.devices())"

stamp throughput
for n in 10000 100000; do
  timeout 120 python3 benchmarks/dual_trace.py --subjects $n --models dual_trace \
    --protocols self_administration | tee -a "$O/throughput.jsonl"
done

stamp parity
rm -rf /tmp/sim && mkdir -p /tmp/sim
timeout 90 $R simulate self_administration -m dual_trace -n 200 -s 0 --out /tmp/sim/dual_trace
timeout 90 $R simulate self_administration -m latent_cause_rw -n 50 -s 0 --out /tmp/sim/latent_cause_rw
tar czf "$O/sim.tgz" -C /tmp sim

stamp calibrate-48
rm -rf /tmp/cal48
T0=$SECONDS
timeout 150 $R calibrate --models dual_trace --train all -e 48 --popsize 24 --out /tmp/cal48 | tail -4
echo "calibrate-48: $((SECONDS - T0)) s wall"
tar czf "$O/cal48.tgz" -C /tmp cal48

stamp tests
timeout 150 python3 -m pytest -q -p no:cacheprovider tests/test_engine.py tests/test_check_model.py \
  tests/reference tests/test_first_agents.py 2>&1 | tail -8 | tee "$O/pytest.txt"

LEFT=$((${DEVICE_BUDGET_S:-500} - (SECONDS - START)))
stamp "calibrate-long ($LEFT s left)"
if [ "$LEFT" -gt 60 ]; then
  rm -rf /tmp/callong
  timeout $LEFT $R calibrate --models dual_trace --train all -e 9600 --popsize 48 \
    --out /tmp/callong | tail -4
  tar czf "$O/callong.tgz" -C /tmp callong
fi
stamp done
