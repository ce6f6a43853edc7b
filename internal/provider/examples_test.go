package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// TestAccExamples runs every configuration under examples/ through the local build: each is
// validated, and each that needs no inputs is planned against the fake PBX, so that the
// registry's examples and the demo keep working as the schema changes.
func TestAccExamples(t *testing.T) {
	dirs, err := filepath.Glob("../../examples/*/*.tf")
	if err != nil {
		t.Fatal(err)
	}
	more, err := filepath.Glob("../../examples/*/*/*.tf")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, file := range append(dirs, more...) {
		dir := filepath.Dir(file)
		if seen[dir] {
			continue
		}
		seen[dir] = true
		name, _ := filepath.Rel("../../examples", dir)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if strings.HasPrefix(name, "functions"+string(filepath.Separator)) {
				skipBelowCLI(t, tfversion.Version1_8_0) // provider-defined functions: Terraform 1.8, OpenTofu 1.7
			}
			var config strings.Builder
			files, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
			var skipped []string
			for _, f := range files {
				if strings.HasPrefix(filepath.Base(f), "import-") {
					continue // import blocks name phones of a real PBX; the resource example beside them is planned
				}
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				if minimum := requiredCLI(t, string(data)); minimum != nil && cliVersion(t).LessThan(minimum) {
					skipped = append(skipped, minimum.String())
					continue // an example of a newer language feature (write-only arguments, ephemeral resources)
				}
				config.Write(data)
				config.WriteString("\n")
			}
			if config.Len() == 0 && len(skipped) > 0 {
				t.Skipf("Terraform CLI version %s is below minimum version %s: skipping test", cliVersion(t), skipped[0])
			}
			fake, env := startCLIPBX(t)
			addPortalRouting(fake)
			addPortalTrunks(fake)
			// The write-only examples take their secrets from ephemeral variables.
			w := newCLIWorkspace(t, config.String(), append(env, "TF_VAR_carrier_password=Example-Secret-123")...)
			copyDataFiles(t, dir, w.dir)
			w.mustRun("validate")
			if strings.Contains(config.String(), "variable \"yeastar_client_secret\"") {
				return // the provider example shows real-PBX settings; validating it is all that can be done here
			}
			out := w.mustRun("plan", "-input=false")
			if strings.Contains(out, "Error") {
				t.Errorf("plan printed an error:\n%s", out)
			}
			if st := fake.Stats(); st.Requests-st.GetToken-st.DelToken == 0 || st.LiveTokens != 0 {
				t.Errorf("stats = %+v: the example read nothing, or left a token behind", st)
			}
		})
	}
	if len(seen) < 10 {
		t.Errorf("found %d example folders, want at least 10", len(seen))
	}
}

// copyDataFiles copies the files an example reads besides its configuration (an inventory CSV).
func copyDataFiles(t *testing.T, from, to string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(from, "*.csv"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(to, filepath.Base(f)), string(data))
	}
}

// requiredCLIPattern is the first line of an example that needs a newer CLI than the oldest
// tested: "# Requires Terraform 1.10 or later (OpenTofu 1.11 or later)."
var requiredCLIPattern = regexp.MustCompile(`^# Requires Terraform ([0-9.]+) or later \(OpenTofu ([0-9.]+) or later\)\.`)

// requiredCLI is the version of the CLI under test that an example's first line asks for, or nil.
func requiredCLI(t *testing.T, example string) *version.Version {
	m := requiredCLIPattern.FindStringSubmatch(example)
	if m == nil {
		return nil
	}
	if isOpenTofu(t) {
		return version.Must(version.NewVersion(m[2]))
	}
	return version.Must(version.NewVersion(m[1]))
}
