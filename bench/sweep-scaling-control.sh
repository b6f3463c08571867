#!/bin/bash
# Control runs for the sweep's 1→2 job speed-up (issue 9): is it the code or the machine?
# `bash bench/sweep-scaling-control.sh` (after `npm run build`). Prints wall seconds for 1,000
# graded seeds of samples/raft-leader-isolated.fault with 1 and 2 jobs, twice each:
#  - as shipped: V8 compiles and collects garbage on helper threads, which a 1-job sweep runs on
#    the idle second core for free;
#  - with those helper threads off (`node --single-threaded`): each worker does its own compiling
#    and collecting, so 1 job uses one core and the speed-up shows how the code itself scales;
# and a pure CPU loop in 1 vs 2 processes: what the machine's cores give at best.
cd "$(dirname "$0")/.."
TIMEFORMAT=%R
sweep() { { time node $1 bin/faultline sweep samples/raft-leader-isolated.fault --seeds 1000 --jobs $2 --json >/dev/null 2>&1; } 2>&1; }
for flags in "" "--single-threaded"; do
  for round in 1 2; do
    one=$(sweep "$flags" 1); two=$(sweep "$flags" 2)
    echo "node ${flags:-(defaults)}: jobs=1 ${one}s, jobs=2 ${two}s, speed-up $(awk -v a="$one" -v b="$two" 'BEGIN { printf "%.2f", a / b }')×"
  done
done
spin='let x = 0; for (let i = 0; i < 1.5e9; i++) x = (x + i * 7) | 0; if (x === 42) console.log(x);'
alone=$({ time node -e "$spin"; } 2>&1)
both=$({ time { node -e "$spin" & node -e "$spin"; wait; }; } 2>&1)
echo "pure CPU loop: one process ${alone}s, two at once ${both}s → $(awk -v a="$alone" -v b="$both" 'BEGIN { printf "%.2f", 2 * a / b }')× the work per second"
