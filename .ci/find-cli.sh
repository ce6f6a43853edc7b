#!/usr/bin/env bash
# Finds a Terraform or OpenTofu CLI on PATH that is at least a given version:
#
#   .ci/find-cli.sh MIN_VERSION [SKIP_DIR]
#
# prints the path of the first `terraform` on PATH whose version is MIN_VERSION or later, else
# of the first such `tofu` (an older one earlier on PATH is passed over, not the end of the
# search), leaving out SKIP_DIR (the .bin/ the GNUmakefile puts first on PATH, which holds CLIs
# built from source); prints nothing when there is none. On stderr it says which CLI
# it chose and where it found it, or which ones it passed over and why.
set -euo pipefail

usage="usage: .ci/find-cli.sh MIN_VERSION [SKIP_DIR]"
min=${1:?$usage} skip=${2:-}
[[ -n $skip && -d $skip ]] && skip=$(cd "$skip" && pwd -P)

# cli_version CLI: the version CLI reports, such as 1.16.4. `version -json` exists in every
# Terraform since 0.13 and every OpenTofu; without TF_CLI_CONFIG_FILE, because OpenTofu prints a
# warning about a missing one on stdout.
cli_version() {
	env -u TF_CLI_CONFIG_FILE CHECKPOINT_DISABLE=1 "$1" version -json 2>/dev/null |
		sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p' | head -n 1
}

# at_least A B: whether version A is B or later (a pre-release such as 1.9.0-beta1 counts as
# older than its release).
at_least() {
	[[ $1 == "$2" ]] && return 0
	[[ $1 == "${2}-"* ]] && return 1
	[[ $(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1) == "$2" ]]
}

passed_over=()
for name in terraform tofu; do
	IFS=: read -r -a dirs <<<"$PATH"
	for dir in "${dirs[@]}"; do
		[[ -n $dir && -x $dir/$name && ! -d $dir/$name ]] || continue
		[[ -n $skip && $(cd "$dir" 2>/dev/null && pwd -P) == "$skip" ]] && continue
		path=$dir/$name
		version=$(cli_version "$path")
		label=$([[ $name == tofu ]] && echo OpenTofu || echo Terraform)
		if [[ -z $version ]]; then
			passed_over+=("$path: '$name version -json' named no version")
		elif at_least "$version" "$min"; then
			((${#passed_over[@]} == 0)) || printf 'demo: passed over %s\n' "${passed_over[@]}" >&2
			echo "demo: using $label $version, found on PATH at $path (the demo needs $min or later)" >&2
			echo "$path"
			exit 0
		else
			passed_over+=("$path: $label $version is older than $min")
		fi
	done
done
if ((${#passed_over[@]})); then
	printf 'demo: passed over %s\n' "${passed_over[@]}" >&2
else
	echo "demo: no terraform or tofu on PATH" >&2
fi
