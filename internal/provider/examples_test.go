package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
			var config strings.Builder
			files, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
			for _, f := range files {
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				config.Write(data)
				config.WriteString("\n")
			}
			fake, env := startCLIPBX(t)
			w := newCLIWorkspace(t, config.String(), env...)
			w.mustRun("validate")
			if strings.Contains(config.String(), "variable \"yeastar_client_secret\"") {
				return // the provider example shows real-PBX settings; validating it is all that can be done here
			}
			out := w.mustRun("plan", "-input=false")
			if strings.Contains(out, "Error") {
				t.Errorf("plan printed an error:\n%s", out)
			}
			if st := fake.Stats(); st.Compatibility == 0 || st.LiveTokens != 0 {
				t.Errorf("stats = %+v: the example read nothing, or left a token behind", st)
			}
		})
	}
	if len(seen) < 7 {
		t.Errorf("found %d example folders, want at least 7", len(seen))
	}
}
