#!/usr/bin/env bash
# Builds the Terraform or OpenTofu CLI from its source on the Go module proxy:
#
#   .ci/build-cli.sh terraform|tofu VERSION OUT
#
# and checks that `OUT version` names VERSION, without a -dev marker.
#
# OpenTofu's go.mod has a replace directive, so `go install` refuses it: it is built in its
# module folder, with -mod=mod.
#
# Terraform up to 1.8 is `go install`ed. From 1.9 on, the remote-state backends that need cloud
# SDKs are nested Go modules, reached through `replace => ./internal/...` lines of go.mod, and
# the module zip on the proxy leaves nested modules out: the build fails on the missing folders.
# In 1.16 they are azurerm, consul, cos, gcs, kubernetes, oci, oss, pg and s3, plus
# internal/legacy (which only tests import); other versions may differ. So this script
# copies the module into a writable folder next to OUT, drops those backends from
# internal/backend/init/init.go and their replace and require lines from go.mod, and builds
# that. The binary keeps the local, remote, cloud, http and inmem backends: enough for the
# acceptance tests, which only use the local one. It is a test tool, not a binary for users.
# Every edit first checks that it finds what it expects, so a version laid out differently
# stops the build with a message naming what changed.
set -euo pipefail

usage="usage: .ci/build-cli.sh terraform|tofu VERSION OUT"
cli=${1:?$usage} version=${2:?$usage} out=${3:?$usage}
case $out in /*) ;; *) out=$PWD/$out ;; esac
mkdir -p "$(dirname "$out")"

fail() {
	echo "build-cli $cli $version: $*" >&2
	exit 1
}

# module_dir MODULE: the folder of MODULE@vVERSION in the module cache, downloaded if needed.
module_dir() {
	local dir
	dir=$(go mod download -json "$1@v$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	[[ -n $dir && -d $dir ]] || fail "go mod download $1@v$version gave no folder"
	echo "$dir"
}

# check_version WANT: `OUT version` must print the line WANT. (It may print warnings about the
# CLI configuration first, on stdout in OpenTofu's case.)
check_version() {
	local got
	got=$("$out" version 2>&1) || fail "'$out version' failed: $got"
	grep -qxF "$1" <<<"$got" || fail "'$out version' does not say '$1':"$'\n'"$got"
	echo "built $1: $out"
}

# -buildvcs=false: the copy below lies inside this repository's work tree, whose VCS state is
# not Terraform's.
export GOFLAGS="-mod=mod -buildvcs=false"

case $cli in
tofu)
	module=github.com/opentofu/opentofu
	dir=$(module_dir $module)
	cd "$dir"
	grep -qxF 'var dev string = "yes"' version/version.go || fail "version/version.go has no 'var dev string = \"yes\"'"
	go build -ldflags "-X $module/version.dev=no" -o "$out" ./cmd/tofu
	check_version "OpenTofu v$version"
	exit 0
	;;
terraform) module=github.com/hashicorp/terraform ;;
*) fail "$usage" ;;
esac

if [[ $version =~ ^1\.[0-8]\. ]]; then
	tmp=$(mktemp -d)
	GOFLAGS=-buildvcs=false GOBIN=$tmp go install "$module@v$version"
	mv "$tmp/terraform" "$out"
	rmdir "$tmp"
	check_version "Terraform v$version"
	exit 0
fi

src=$(module_dir $module)
work=$(dirname "$out")/build/terraform-$version
rm -rf "$work"
mkdir -p "$(dirname "$work")"
cp -R "$src" "$work"
chmod -R u+w "$work"
cd "$work"

fail_layout() {
	fail "$* -- Terraform $version is not laid out as .ci/build-cli.sh expects: update the script"
}

# The dropped backends: package folder under internal/backend/remote-state, and name in the
# backends map of init.go.
backends=(azure:azurerm consul:consul cos:cos gcs:gcs kubernetes:kubernetes oci:oci oss:oss pg:pg s3:s3)
nested=(internal/legacy)
pkgs=()
for b in "${backends[@]}"; do
	nested+=("internal/backend/remote-state/${b%%:*}")
	pkgs+=("${b%%:*}")
done

# go.mod requires each nested module at v0.0.0 and replaces it by its folder, which the zip
# lacks. Afterwards, no replace may point at a local folder.
for dir in "${nested[@]}"; do
	[[ ! -e $dir/go.mod ]] || fail_layout "$dir/go.mod is in the module zip"
	grep -qxF "replace $module/$dir => ./$dir" go.mod || fail_layout "go.mod lacks 'replace $module/$dir => ./$dir'"
	grep -qE "^[[:space:]]+$module/$dir v0\.0\.0-00010101000000-000000000000$" go.mod ||
		fail_layout "go.mod does not require $module/$dir v0.0.0-00010101000000-000000000000"
	go mod edit -dropreplace="$module/$dir" -droprequire="$module/$dir"
done
if grep -nE '=>[[:space:]]*\.' go.mod; then
	fail_layout "go.mod still replaces a module by a local folder (above)"
fi

# init.go imports each dropped backend once, under an alias used in exactly one map entry:
#	backendS3 "github.com/hashicorp/terraform/internal/backend/remote-state/s3"
#	"s3":         func() backend.Backend { return backendS3.New() },
init=internal/backend/init/init.go
for b in "${backends[@]}"; do
	pkg=${b%%:*} name=${b#*:}
	import=$(grep -E "^[[:space:]]+[A-Za-z0-9]+ \"$module/internal/backend/remote-state/$pkg\"$" "$init" || true)
	[[ -n $import && $(wc -l <<<"$import") -eq 1 ]] || fail_layout "$init does not import remote-state/$pkg once"
	alias=$(awk '{print $1}' <<<"$import")
	grep -qE "^[[:space:]]+\"$name\":[[:space:]]+func\(\) backend\.Backend \{ return $alias\.New\(\) \},$" "$init" ||
		fail_layout "$init has no entry \"$name\": ... $alias.New()"
	[[ $(grep -cw "$alias" "$init") -eq 2 ]] || fail_layout "$init uses $alias besides its import and map entry"
	sed -i "/\\<$alias\\>/d" "$init"
done
pattern="\"$module/internal/backend/remote-state/($(IFS='|'; echo "${pkgs[*]}"))\""
if grep -rnE --include='*.go' --exclude='*_test.go' "$pattern" .; then
	fail_layout "more code imports a dropped backend (above)"
fi
grep -qxF 'var dev string = "yes"' version/version.go || fail_layout "version/version.go lacks 'var dev string = \"yes\"'"

# -trimpath keeps this folder's path out of the build cache keys: another clone reuses them.
go build -trimpath -ldflags "-X $module/version.dev=no" -o "$out" .
check_version "Terraform v$version"
cd /
rm -rf "$work"
rmdir --ignore-fail-on-non-empty "$(dirname "$work")"
