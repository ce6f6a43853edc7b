#!/usr/bin/env bash
# Runs make targets one after the other, announcing each as it starts, and ends with a table of
# every step's time and the total:
#
#   .ci/steps.sh LABEL MAKE [MAKE_ARGS...] -- STEP...
#
# Each step's own output goes straight to the terminal, whole. The first step that fails stops
# the run (as make does without -k): the table then marks it FAILED and the steps after it "not
# run", and the script exits with that step's status.
set -uo pipefail

usage="usage: .ci/steps.sh LABEL MAKE [MAKE_ARGS...] -- STEP..."
label=${1:?$usage}
shift
make_cmd=()
while (($#)) && [[ $1 != -- ]]; do
	make_cmd+=("$1")
	shift
done
if (($# < 2 || ${#make_cmd[@]} == 0)); then
	echo "$usage" >&2
	exit 2
fi
shift
steps=("$@")

# duration SECONDS: 75 -> "1m15s", 4 -> "4s".
duration() {
	if (($1 >= 60)); then printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); else printf '%ds' "$1"; fi
}

results=() times=() status=0 failed=""
start_all=$(date +%s)
for i in "${!steps[@]}"; do
	step=${steps[$i]}
	echo "==> $label: step $((i + 1))/${#steps[@]}: $step (started $(date +%H:%M:%S))"
	start=$(date +%s)
	"${make_cmd[@]}" "$step"
	status=$?
	times+=($(($(date +%s) - start)))
	if ((status != 0)); then
		results+=("FAILED (exit $status)")
		failed=$step
		echo "==> $label: step $step FAILED after $(duration "${times[$i]}"): its output is above"
		break
	fi
	results+=(ok)
	echo "==> $label: step $step done in $(duration "${times[$i]}")"
done
total=$(($(date +%s) - start_all))

width=5
for step in "${steps[@]}"; do ((${#step} > width)) && width=${#step}; done
echo
echo "$label: time per step"
printf '  %-*s  %8s  %s\n' "$width" step time result
for i in "${!steps[@]}"; do
	if ((i < ${#results[@]})); then
		printf '  %-*s  %8s  %s\n' "$width" "${steps[$i]}" "$(duration "${times[$i]}")" "${results[$i]}"
	else
		printf '  %-*s  %8s  %s\n' "$width" "${steps[$i]}" - "not run"
	fi
done
printf '  %-*s  %8s\n' "$width" total "$(duration "$total")"
if [[ -n $failed ]]; then
	echo "$label: FAILED at step $failed"
	exit "$status"
fi
echo "$label: all ${#steps[@]} steps passed"
