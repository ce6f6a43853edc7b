package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestAccCLIDebugLogShowsTheRevocation reads the log Terraform writes with TF_LOG=DEBUG and
// TF_LOG_PATH, as a user does, and looks for the provider's line for every request it sent:
// the login, the lookups and the del_token that revokes the token as the provider stops.
func TestAccCLIDebugLogShowsTheRevocation(t *testing.T) {
	t.Parallel()
	fake, env := startCLIPBX(t)
	logPath := filepath.Join(t.TempDir(), "terraform.log")
	w := newCLIWorkspace(t, "provider \"yeastar\" {}\n\ndata \"yeastar_phone_vendors\" \"all\" {}\n",
		append(env, "TF_LOG=DEBUG", "TF_LOG_PATH="+logPath)...)
	w.mustRun("plan", "-input=false")
	if st := fake.Stats(); st.DelToken != 1 {
		t.Fatalf("del_token calls = %d, want 1", st.DelToken)
	}
	raw, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	log := string(raw)
	for _, path := range []string{"get_token", "auto_provisioning/compatibility", "del_token"} {
		line := regexp.MustCompile(`Yeastar API call:.*path=/openapi/v1\.0/` + regexp.QuoteMeta(path) + `\b`)
		if !line.MatchString(log) {
			t.Errorf("the DEBUG log has no \"Yeastar API call\" line for %s; its Yeastar lines:\n%s", path, yeastarLines(log))
		}
	}
	if strings.Contains(log, fake.ClientSecret) {
		t.Error("the DEBUG log holds the client secret")
	}
}

// yeastarLines picks the lines of a log that mention Yeastar, for failure messages.
func yeastarLines(log string) string {
	var picked []string
	for _, line := range strings.Split(log, "\n") {
		if strings.Contains(line, "Yeastar") || strings.Contains(line, "yeastar") {
			picked = append(picked, line)
		}
	}
	return strings.Join(picked, "\n")
}
