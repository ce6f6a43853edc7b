#!/usr/bin/env bash
# Proves the signed release path without the real key, as `make release-sign-check`:
#   1. makes a throwaway RSA key in a temporary GNUPGHOME (never the user's keyring),
#   2. runs `goreleaser release --snapshot --clean` WITH signing (goreleaser v2 skips publishing
#      in snapshot mode, not signing), signing with that key through GPG_FINGERPRINT,
#   3. lays out in dist/registry/ the files the release workflow uploads, and the public key,
#   4. checks them against the Terraform Registry's rules (see verify below).
#
#   .ci/release-sign-check.sh --verify DIR KEY
# only checks the release files in DIR against the armored public key KEY: a release made here,
# or one downloaded from GitHub with the project's real public key. PLATFORMS (os/arch words,
# from the GNUmakefile) lists the platforms the release must have.
set -euo pipefail
cd "$(dirname "$0")/.."

PROJECT=terraform-provider-yeastar
PROTOCOL_VERSIONS='["6.0"]'
: "${PLATFORMS:?PLATFORMS must list the release platforms (os/arch), as make release-sign-check passes it}"

failures=0
fail() {
  echo "release-sign-check: FAIL: $*" >&2
  failures=$((failures + 1))
}
die() {
  echo "release-sign-check: FAIL: $*" >&2
  exit 1
}
for tool in gpg sha256sum unzip jq go; do
  command -v "$tool" >/dev/null || die "$tool is not installed (.ci/run installs it: apt-get install -y gnupg unzip jq)"
done

# Semantic Versioning 2.0.0, without a leading v: the registry's version rule.
num='(0|[1-9][0-9]*)'
ident='(0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)'
SEMVER="^$num\.$num\.$num(-$ident(\.$ident)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?\$"

# verify DIR KEY: DIR holds exactly the release assets, KEY the armored public key.
verify() {
  local dir=$1 key=$2 found=() sums version f expected=() actual=() zips=() listed=()
  [[ -d $dir ]] || die "$dir is not a directory"
  [[ -s $key ]] || die "public key $key is missing or empty"

  # The version, from the one checksum file.
  mapfile -t found < <(cd "$dir" && find . -mindepth 1 -maxdepth 1 -name '*_SHA256SUMS' -printf '%f\n')
  ((${#found[@]} == 1)) || die "$dir must hold exactly one ${PROJECT}_{VERSION}_SHA256SUMS, found ${#found[@]}: ${found[*]:-none}"
  sums=${found[0]}
  [[ $sums == "${PROJECT}"_*_SHA256SUMS ]] || die "$sums is not named ${PROJECT}_{VERSION}_SHA256SUMS"
  version=${sums#"${PROJECT}_"}
  version=${version%_SHA256SUMS}
  # Every other name derives from it: stop here rather than report each name.
  [[ $version =~ $SEMVER ]] || die "version '$version' (from $sums) is not semver without a leading v"
  echo "release-sign-check: checking $PROJECT $version in $dir"

  # Exactly the expected files: a zip per platform, the checksums, their signature, the manifest.
  for f in $PLATFORMS; do
    zips+=("${PROJECT}_${version}_${f%/*}_${f#*/}.zip")
  done
  expected=("${zips[@]}" "${PROJECT}_${version}_SHA256SUMS" "${PROJECT}_${version}_SHA256SUMS.sig"
    "${PROJECT}_${version}_manifest.json")
  mapfile -t actual < <(cd "$dir" && find . -mindepth 1 -maxdepth 1 -printf '%f\n' | LC_ALL=C sort)
  while read -r f; do fail "missing: $f"; done < <(LC_ALL=C comm -23 <(printf '%s\n' "${expected[@]}" | LC_ALL=C sort) <(printf '%s\n' "${actual[@]}"))
  while read -r f; do fail "unexpected file (not a registry asset, or misnamed): $f"; done < <(LC_ALL=C comm -13 <(printf '%s\n' "${expected[@]}" | LC_ALL=C sort) <(printf '%s\n' "${actual[@]}"))

  # The signature: a binary detached signature of SHA256SUMS by the given key alone, checked in
  # a keyring that holds only that public key, as the registry and Terraform check it.
  local sig="$dir/${PROJECT}_${version}_SHA256SUMS.sig" vhome status fpr
  if [[ -f $sig ]]; then
    if grep -q -- '-----BEGIN PGP' "$sig"; then
      fail "$(basename "$sig") is ASCII-armored: the registry expects a binary detached signature (gpg --detach-sign without --armor)"
    fi
    vhome=$(mktemp -d "${TMPDIR:-/tmp}/release-verify.XXXXXX")
    fpr=$(GNUPGHOME=$vhome gpg --batch --quiet --import --import-options import-show --with-colons "$key" 2>/dev/null | awk -F: '$1 == "fpr" { print $10; exit }') || true
    if [[ -z $fpr ]]; then
      fail "cannot import the public key $key"
    elif status=$(GNUPGHOME=$vhome gpg --batch --status-fd 1 --verify "$sig" "$dir/$sums" 2>"$vhome/verify.log"); then
      # VALIDSIG's last field is the primary key's fingerprint, even when a subkey signed.
      if ! awk -v fpr="$fpr" '$2 == "VALIDSIG" && $NF == fpr { found = 1 } END { exit !found }' <<<"$status"; then
        fail "$(basename "$sig") is valid but not made by the key $fpr"
      fi
    else
      fail "gpg --verify $(basename "$sig") $sums failed: $(grep -vE '^gpg: +(Signature made|using) ' "$vhome/verify.log" | tr '\n' ' ')"
    fi
    GNUPGHOME=$vhome gpgconf --kill all 2>/dev/null || true
    rm -rf "$vhome"
  fi

  # SHA256SUMS: one "<sha256>  <name>" line for each zip and the manifest, and nothing else.
  if [[ -f $dir/$sums ]]; then
    if grep -vnE '^[0-9a-f]{64}  [^ /]+$' "$dir/$sums" >&2; then
      fail "$sums has the malformed lines above (want '<sha256>  <file name>')"
    fi
    mapfile -t listed < <(awk '{ print $2 }' "$dir/$sums" | LC_ALL=C sort)
    while read -r f; do fail "$sums does not list $f"; done < <(LC_ALL=C comm -23 <(printf '%s\n' "${zips[@]}" "${PROJECT}_${version}_manifest.json" | LC_ALL=C sort) <(printf '%s\n' "${listed[@]}"))
    while read -r f; do fail "$sums lists $f, which is not a zip of the release nor its manifest"; done < <(LC_ALL=C comm -13 <(printf '%s\n' "${zips[@]}" "${PROJECT}_${version}_manifest.json" | LC_ALL=C sort) <(printf '%s\n' "${listed[@]}" | LC_ALL=C sort -u))
    if [[ -n $(printf '%s\n' "${listed[@]}" | uniq -d) ]]; then
      fail "$sums lists a file twice: $(printf '%s\n' "${listed[@]}" | uniq -d | tr '\n' ' ')"
    fi
    local out
    if ! out=$(cd "$dir" && sha256sum --strict --check "$sums" 2>&1); then
      fail "sha256sum --check $sums:"$'\n'"$(grep -v ': OK$' <<<"$out")"
    fi
  fi

  # The manifest: the provider's plugin protocol.
  local manifest="$dir/${PROJECT}_${version}_manifest.json"
  if [[ -f $manifest ]]; then
    jq -e --argjson want "$PROTOCOL_VERSIONS" '.version == 1 and .metadata.protocol_versions == $want' "$manifest" >/dev/null 2>&1 ||
      fail "$(basename "$manifest") must be {\"version\": 1, \"metadata\": {\"protocol_versions\": $PROTOCOL_VERSIONS}}, is: $(tr -d '\n' <"$manifest")"
  fi

  # Each zip: the binary terraform-provider-yeastar_v{VERSION}[.exe] at its top, built for the
  # zip's platform, with its version stamped in.
  local zip os arch bin ztmp info
  ztmp=$(mktemp -d "${TMPDIR:-/tmp}/release-zips.XXXXXX")
  for zip in "${zips[@]}"; do
    [[ -f $dir/$zip ]] || continue
    os=${zip#"${PROJECT}_${version}_"}
    os=${os%.zip}
    arch=${os#*_}
    os=${os%%_*}
    bin="${PROJECT}_v${version}"
    [[ $os == windows ]] && bin+=.exe
    if ! unzip -Z1 "$dir/$zip" >"$ztmp/list" 2>&1; then
      fail "$zip is not a readable zip: $(head -3 "$ztmp/list" | tr '\n' ' ')"
      continue
    fi
    if ! grep -qxF -- "$bin" "$ztmp/list"; then
      fail "$zip does not hold $bin at its top; it holds: $(tr '\n' ' ' <"$ztmp/list")"
      continue
    fi
    rm -f "$ztmp/$bin"
    unzip -q -o "$dir/$zip" "$bin" -d "$ztmp"
    if ! info=$(go version -m "$ztmp/$bin" 2>&1); then
      fail "$zip: $bin is not a Go binary: $info"
      continue
    fi
    if ! grep -qE "^[[:space:]]+build[[:space:]]+GOOS=$os\$" <<<"$info" || ! grep -qE "^[[:space:]]+build[[:space:]]+GOARCH=$arch\$" <<<"$info"; then
      fail "$zip: $bin is not built for $os/$arch: $(grep -E 'GOOS|GOARCH' <<<"$info" | tr -s '\n\t ' ' ')"
    fi
    # -trimpath keeps -ldflags out of the build info: look for the stamped string itself.
    grep -qaF -- "$version" "$ztmp/$bin" ||
      fail "$zip: $bin does not hold its version $version (-X main.version=... not linked?)"
  done
  rm -rf "$ztmp"

  if ((failures > 0)); then
    echo "release-sign-check: $failures problem(s) with the release in $dir: the Terraform Registry would reject it" >&2
    exit 1
  fi
  echo "release-sign-check: ${#zips[@]} zips, SHA256SUMS, its signature and the manifest follow the registry's rules"
}

if [[ ${1:-} == --verify ]]; then
  (($# == 3)) || die "usage: $0 --verify DIR PUBLIC_KEY_FILE"
  verify "$2" "$3"
  exit 0
fi
(($# == 0)) || die "usage: $0 [--verify DIR PUBLIC_KEY_FILE]"

start=$SECONDS
GORELEASER=${GORELEASER:-goreleaser}
command -v "$GORELEASER" >/dev/null || die "$GORELEASER is not installed (make release-sign-check installs it)"

# A throwaway signing key, in a GNUPGHOME of its own that is removed with its agent on exit.
GNUPGHOME=$(mktemp -d "${TMPDIR:-/tmp}/release-sign-check.XXXXXX")
export GNUPGHOME
chmod 700 "$GNUPGHOME"
cleanup() {
  gpgconf --kill all 2>/dev/null || true
  rm -rf "$GNUPGHOME"
}
trap cleanup EXIT
# RSA, as the Terraform Registry takes RSA and DSA keys only.
gpg --batch --quiet --passphrase '' --quick-gen-key \
  "$PROJECT release check (throwaway) <release-sign-check@invalid>" rsa3072 sign never 2>"$GNUPGHOME/keygen.log" ||
  die "gpg could not make a key: $(cat "$GNUPGHOME/keygen.log")"
GPG_FINGERPRINT=$(gpg --batch --quiet --with-colons --list-secret-keys 2>/dev/null | awk -F: '$1 == "fpr" { print $10; exit }')
export GPG_FINGERPRINT
[[ -n $GPG_FINGERPRINT ]] || die "no fingerprint for the throwaway key"
echo "release-sign-check: throwaway key $GPG_FINGERPRINT in $GNUPGHOME"

# The snapshot release, signed. Its log is kept in dist/ (goreleaser --clean empties dist/ first).
log=$(mktemp "${TMPDIR:-/tmp}/release-sign-check-goreleaser.XXXXXX")
echo "release-sign-check: goreleaser release --snapshot --clean (signing with the throwaway key)"
if ! "$GORELEASER" release --snapshot --clean >"$log" 2>&1; then
  tail -40 "$log" >&2
  rm -f "$log"
  die "goreleaser release --snapshot --clean failed (its output above)"
fi
mv "$log" dist/goreleaser.log

# What the release workflow uploads: the archives, the checksums and their signature (goreleaser
# puts them in dist/), and the manifest under its release name (release.extra_files).
version=$(jq -r .version dist/metadata.json)
[[ -n $version && $version != null ]] || die "no version in dist/metadata.json"
rm -rf dist/registry
mkdir dist/registry
ln dist/"${PROJECT}_${version}"_*.zip dist/"${PROJECT}_${version}_SHA256SUMS" dist/"${PROJECT}_${version}_SHA256SUMS.sig" dist/registry/ ||
  die "goreleaser did not write the zips, SHA256SUMS and SHA256SUMS.sig of $version in dist/: $(ls dist)"
cp terraform-registry-manifest.json "dist/registry/${PROJECT}_${version}_manifest.json"
gpg --batch --armor --export "$GPG_FINGERPRINT" >dist/release-sign-check-key.asc

verify dist/registry dist/release-sign-check-key.asc
echo "release-sign-check: passed in $((SECONDS - start))s (dist/registry/ holds the release, dist/release-sign-check-key.asc its throwaway public key)"
