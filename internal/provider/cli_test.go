package provider

import (
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

// These tests run the Terraform (or OpenTofu) CLI named by TF_ACC_TERRAFORM_PATH against a real
// build of the provider binary, installed through a CLI configuration with dev_overrides, as a
// user does. Unlike resource.Test, which serves the provider inside the test process, they show
// what a provider process does across its whole life: one token per process, revoked as the
// process exits, and what reaches Terraform's logs.

var (
	providerBuild    sync.Once
	providerBuildDir string
	providerBuildErr error
	providerBuildLog []byte
)

// providerBinaryDir builds the provider once per test run and returns its folder.
func providerBinaryDir(t *testing.T) string {
	t.Helper()
	providerBuild.Do(func() {
		// NOTE: one build serves every test, so it outlives any one test's TempDir; TestMain
		// removes it.
		providerBuildDir, providerBuildErr = os.MkdirTemp("", "yeastar-provider-build-") //nolint:usetesting // See above.
		if providerBuildErr != nil {
			return
		}
		cmd := exec.Command("go", "build", "-o", filepath.Join(providerBuildDir, "terraform-provider-yeastar"), "github.com/pbx-iac/terraform-provider-yeastar")
		providerBuildLog, providerBuildErr = cmd.CombinedOutput()
	})
	if providerBuildErr != nil {
		t.Fatalf("building the provider: %v\n%s", providerBuildErr, providerBuildLog)
	}
	return providerBuildDir
}

func TestMain(m *testing.M) {
	// The in-process tests read the provider's environment variables from this process: a
	// developer's YEASTAR_* settings must not change what they see.
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "YEASTAR_") {
			_ = os.Unsetenv(name)
		}
	}
	code := m.Run()
	if providerBuildDir != "" {
		_ = os.RemoveAll(providerBuildDir)
	}
	os.Exit(code)
}

// cliWorkspace is a folder with a configuration, and the environment to run the CLI in it.
type cliWorkspace struct {
	t   *testing.T
	dir string
	env []string
}

// newCLIWorkspace writes config into a new folder. env holds extra variables (YEASTAR_..., TF_LOG).
func newCLIWorkspace(t *testing.T, config string, env ...string) *cliWorkspace {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 to run tests that drive the Terraform CLI")
	}
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH must name the Terraform or OpenTofu binary")
	}
	providerDir := providerBinaryDir(t)
	dir := t.TempDir()
	if !strings.Contains(config, "required_providers") {
		config = `
terraform {
  required_providers {
    yeastar = {
      source = "pbx-iac/yeastar"
    }
  }
}
` + config
	}
	writeFile(t, filepath.Join(dir, "main.tf"), config)
	cliConfig := filepath.Join(dir, "dev.tfrc")
	writeFile(t, cliConfig, fmt.Sprintf(`
provider_installation {
  dev_overrides {
    "registry.terraform.io/pbx-iac/yeastar" = %q
    "registry.opentofu.org/pbx-iac/yeastar" = %q
  }
  direct {}
}
`, providerDir, providerDir))

	var base []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "YEASTAR_") && !strings.HasPrefix(kv, "TF_LOG") && !strings.HasPrefix(kv, "TF_CLI_CONFIG_FILE=") {
			base = append(base, kv)
		}
	}
	base = append(base, "TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	return &cliWorkspace{t: t, dir: dir, env: append(base, env...)}
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// run runs the CLI with args and returns what it printed on stdout and stderr.
func (w *cliWorkspace) run(args ...string) (string, error) {
	w.t.Helper()
	cmd := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), append(args, "-no-color")...)
	cmd.Dir, cmd.Env = w.dir, w.env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// mustRun runs the CLI and fails the test when it fails.
func (w *cliWorkspace) mustRun(args ...string) string {
	w.t.Helper()
	out, err := w.run(args...)
	if err != nil {
		w.t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// startCLIPBX starts a fake PBX for CLI tests and returns it with the environment that points
// the provider at it.
func startCLIPBX(t *testing.T) (*fakeyeastar.Server, []string) {
	t.Helper()
	fake := fakeyeastar.New()
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	return fake, []string{
		"YEASTAR_BASE_URL=" + srv.URL,
		"YEASTAR_CLIENT_ID=" + fake.ClientID,
		"YEASTAR_CLIENT_SECRET=" + fake.ClientSecret,
	}
}

// manyLookups asks 43 questions of which 9 are distinct.
const manyLookups = `
provider "yeastar" {}

locals {
  models = ["CP920", "SIP-T46U", "D785", "X6U"]
}

data "yeastar_phone_vendors" "v" {
  count = 5
}

data "yeastar_phone_models" "m" {
  count  = 6
  vendor = count.index % 2 == 0 ? "Yealink" : "Snom"
}

data "yeastar_phone_templates" "t" {
  count = 20
  model = local.models[count.index % 4]
}

data "yeastar_autop_method" "a" {
  count  = 12
  vendor = "Yealink"
  model  = count.index % 2 == 0 ? "CP920" : "VP59"
}

output "template_id" {
  value = data.yeastar_phone_templates.t[0].templates[0].id
}

output "provisioning_link" {
  value = data.yeastar_autop_method.a[0].links_by_method["rps"]
}
`

const manyLookupsDistinct = 9

func TestAccCLIPlanTakesOneTokenAndAsksEachQuestionOnce(t *testing.T) {
	t.Parallel()
	fake, env := startCLIPBX(t)
	fake.Latency = 50 * time.Millisecond
	w := newCLIWorkspace(t, manyLookups, env...)
	out := w.mustRun("plan", "-input=false")
	if !strings.Contains(out, `template_id       = "24"`) || !strings.Contains(out, cp920Link) {
		t.Errorf("plan does not show the CP920 template ID and link:\n%s", out)
	}

	st := fake.Stats()
	if st.GetToken != 1 {
		t.Errorf("get_token calls = %d, want 1 for the whole plan", st.GetToken)
	}
	if st.Compatibility != manyLookupsDistinct {
		t.Errorf("compatibility requests = %d, want %d (one per distinct question): %v", st.Compatibility, manyLookupsDistinct, st.Queries)
	}
	for query, n := range st.Queries {
		if n != 1 {
			t.Errorf("%s asked %d times", query, n)
		}
	}
	if st.DelToken != 1 || st.LiveTokens != 0 {
		t.Errorf("del_token calls = %d, live tokens = %d; want the token revoked as the provider exited", st.DelToken, st.LiveTokens)
	}
	if st.MaxConcurrent < 2 {
		t.Errorf("at most %d request(s) in flight: distinct questions should be asked concurrently", st.MaxConcurrent)
	}
	if st.BadUserAgent != 0 {
		t.Errorf("%d requests lacked User-Agent: OpenAPI", st.BadUserAgent)
	}
}

func TestAccCLITwentyAppliesStayUnderTheTokenCap(t *testing.T) {
	t.Parallel()
	fake, env := startCLIPBX(t)
	if fake.MaxTokens != 8 {
		t.Fatalf("the fake's token cap is %d, want the PBX's 8", fake.MaxTokens)
	}
	w := newCLIWorkspace(t, `
provider "yeastar" {}

data "yeastar_phone_templates" "cp920" {
  model = "CP920"
}

output "template_id" {
  value = data.yeastar_phone_templates.cp920.templates[0].id
}
`, env...)
	for i := 1; i <= 20; i++ {
		out, err := w.run("apply", "-auto-approve", "-input=false", "-refresh=true")
		if err != nil {
			t.Fatalf("apply %d of 20 failed (%d live tokens): %v\n%s", i, fake.Stats().LiveTokens, err, out)
		}
	}
	st := fake.Stats()
	if st.LiveTokens != 0 {
		t.Errorf("%d tokens still valid after 20 applies, want 0", st.LiveTokens)
	}
	if st.GetToken != st.DelToken {
		t.Errorf("%d get_token but %d del_token calls", st.GetToken, st.DelToken)
	}
}

func TestAccCLITokenExpiresInTheMiddleOfAPlan(t *testing.T) {
	t.Parallel()
	fake, env := startCLIPBX(t)
	fake.Latency = 20 * time.Millisecond
	// Three questions are answered, then every token expires.
	fake.InjectFaults("auto_provisioning/compatibility", fakeyeastar.Fault{Pass: true}, fakeyeastar.Fault{Pass: true},
		fakeyeastar.Fault{Pass: true}, fakeyeastar.Fault{ExpireTokens: true})
	w := newCLIWorkspace(t, manyLookups, env...)
	out := w.mustRun("apply", "-auto-approve", "-input=false")
	if !strings.Contains(out, `template_id = "24"`) {
		t.Errorf("apply output lacks the template ID:\n%s", out)
	}
	st := fake.Stats()
	if st.RefreshToken != 1 || st.GetToken != 1 {
		t.Errorf("token calls: %d get_token, %d refresh_token; want one token, renewed once", st.GetToken, st.RefreshToken)
	}
	if st.LiveTokens != 0 {
		t.Errorf("%d tokens still valid: the renewed token was not revoked", st.LiveTokens)
	}
}

func TestAccCLIProxyErrorPageThenSuccess(t *testing.T) {
	t.Parallel()
	fake, env := startCLIPBX(t)
	fake.InjectFaults("auto_provisioning/compatibility", fakeyeastar.Fault{
		Status: http.StatusBadGateway, ContentType: "text/html",
		Body: "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>",
	})
	w := newCLIWorkspace(t, `
provider "yeastar" {}

data "yeastar_autop_method" "cp920" {
  vendor = "Yealink"
  model  = "CP920"
}

output "link" {
  value = data.yeastar_autop_method.cp920.links_by_method["rps"]
}
`, env...)
	out := w.mustRun("apply", "-auto-approve", "-input=false")
	if !strings.Contains(out, cp920Link) {
		t.Errorf("apply output lacks the link:\n%s", out)
	}
	if st := fake.Stats(); st.FaultsServed != 1 || st.Compatibility != 1 {
		t.Errorf("stats = %+v, want the 502 retried once", st)
	}
}

func TestAccCLIPersistentServerErrorsFailAfterBoundedAttempts(t *testing.T) {
	t.Parallel()
	fake, env := startCLIPBX(t)
	faults := make([]fakeyeastar.Fault, 50)
	for i := range faults {
		faults[i] = fakeyeastar.Fault{Status: http.StatusInternalServerError, ContentType: "text/plain", Body: "Internal Server Error"}
	}
	fake.InjectFaults("auto_provisioning/compatibility", faults...)
	w := newCLIWorkspace(t, `
provider "yeastar" {}

data "yeastar_phone_vendors" "all" {}
`, append(env, "YEASTAR_MAX_RETRIES=2")...)
	start := time.Now()
	out, err := w.run("plan", "-input=false")
	elapsed := time.Since(start)
	if err == nil {
		t.Fatalf("plan succeeded against a PBX that always fails:\n%s", out)
	}
	// Two backoffs of at most 1 s each: a generous bound that only an unbounded retry breaks.
	if elapsed > time.Minute {
		t.Errorf("the failing plan took %v", elapsed)
	}
	for _, want := range []string{"Unexpected response from the Yeastar API", "HTTP status 500", "after 3 attempts"} {
		if !strings.Contains(flatten(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if got := fake.Stats().FaultsServed; got != 3 {
		t.Errorf("attempts = %d, want 3 (max_retries = 2)", got)
	}
}

func TestAccCLIWrongCredentialsLogInOnce(t *testing.T) {
	t.Parallel()
	fake, env := startCLIPBX(t)
	env = append(env, "YEASTAR_CLIENT_SECRET=not-the-secret")
	w := newCLIWorkspace(t, manyLookups, env...)
	out, err := w.run("plan", "-input=false")
	if err == nil {
		t.Fatalf("plan succeeded with a wrong secret:\n%s", out)
	}
	if !strings.Contains(flatten(out), "Yeastar rejected the Client ID or Client Secret") {
		t.Errorf("output lacks the credentials diagnostic:\n%s", out)
	}
	if got := fake.Stats().GetToken; got != 1 {
		t.Errorf("get_token attempts = %d for a plan of 43 data sources, want exactly 1", got)
	}
}

func TestAccCLIPlainHTTPWarns(t *testing.T) {
	t.Parallel()
	_, env := startCLIPBX(t)
	w := newCLIWorkspace(t, "provider \"yeastar\" {}\n\ndata \"yeastar_phone_vendors\" \"all\" {}\n", env...)
	out := w.mustRun("plan", "-input=false")
	if !strings.Contains(flatten(out), "Yeastar base URL uses plain HTTP") {
		t.Errorf("plan over http:// did not warn:\n%s", out)
	}
}

func TestAccCLITLSAndProxy(t *testing.T) {
	t.Parallel()
	fake := fakeyeastar.New()
	srv := httptest.NewTLSServer(fake)
	t.Cleanup(srv.Close)
	caPEM := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))
	proxy := startConnectProxy(t, srv.Listener.Addr().String())
	config := "provider \"yeastar\" {}\n\ndata \"yeastar_phone_vendors\" \"all\" {}\n"
	creds := []string{"YEASTAR_CLIENT_ID=" + fake.ClientID, "YEASTAR_CLIENT_SECRET=" + fake.ClientSecret}

	t.Run("untrusted certificate", func(t *testing.T) {
		w := newCLIWorkspace(t, config, append(creds, "YEASTAR_BASE_URL="+srv.URL)...)
		out, err := w.run("plan", "-input=false")
		if err == nil || !strings.Contains(flatten(out), "Could not reach the Yeastar PBX") || !strings.Contains(out, "certificate") {
			t.Errorf("plan against an untrusted certificate: err = %v\n%s", err, out)
		}
	})
	t.Run("ca_certificate", func(t *testing.T) {
		w := newCLIWorkspace(t, config, append(creds, "YEASTAR_BASE_URL="+srv.URL, "YEASTAR_CA_CERTIFICATE="+caPEM)...)
		w.mustRun("plan", "-input=false")
	})
	t.Run("HTTPS_PROXY", func(t *testing.T) {
		// example.com is a name the test certificate holds; only the proxy can reach it here.
		w := newCLIWorkspace(t, config, append(creds, "YEASTAR_BASE_URL=https://example.com", "YEASTAR_CA_CERTIFICATE="+caPEM,
			"HTTPS_PROXY=http://"+proxy.addr, "NO_PROXY=")...)
		w.mustRun("plan", "-input=false")
		if got := proxy.tunnels(); !strings.Contains(got, "example.com:443") {
			t.Errorf("the proxy saw tunnels %q, want example.com:443", got)
		}
	})
	t.Run("NO_PROXY", func(t *testing.T) {
		before := proxy.tunnels()
		w := newCLIWorkspace(t, config, append(creds, "YEASTAR_BASE_URL=https://example.com", "YEASTAR_CA_CERTIFICATE="+caPEM,
			"HTTPS_PROXY=http://"+proxy.addr, "NO_PROXY=example.com", "YEASTAR_MAX_RETRIES=0", "YEASTAR_REQUEST_TIMEOUT=5s")...)
		if out, err := w.run("plan", "-input=false"); err == nil {
			t.Errorf("a plan bypassing the only route to the PBX succeeded:\n%s", out)
		}
		if got := proxy.tunnels(); got != before {
			t.Errorf("the proxy saw %q despite NO_PROXY", strings.TrimPrefix(got, before))
		}
	})
}

// flatten joins Terraform's wrapped diagnostic lines so that phrases can be searched for.
func flatten(out string) string {
	out = strings.NewReplacer("│", " ", "\n", " ").Replace(out)
	return strings.Join(strings.Fields(out), " ")
}

// connectProxy is an HTTPS proxy that tunnels every CONNECT to one address.
type connectProxy struct {
	addr string
	mu   sync.Mutex
	seen []string
}

func (p *connectProxy) tunnels() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.seen, ",")
}

func startConnectProxy(t *testing.T, target string) *connectProxy {
	t.Helper()
	p := &connectProxy{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodConnect {
			http.Error(w, "CONNECT only", http.StatusMethodNotAllowed)
			return
		}
		p.mu.Lock()
		p.seen = append(p.seen, r.Host)
		p.mu.Unlock()
		upstream, err := net.Dial("tcp", target)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		hj, ok := w.(http.Hijacker)
		if !ok {
			http.Error(w, "no hijacking", http.StatusInternalServerError)
			return
		}
		// Take the connection first and answer on it by hand, as proxies do: the server's own
		// response machinery would otherwise decide the framing of a 200 that has no end, and
		// bytes the client sent after its CONNECT may already sit in the server's buffer.
		client, buffered, err := hj.Hijack()
		if err != nil {
			_ = upstream.Close()
			return
		}
		if _, err := client.Write([]byte("HTTP/1.1 200 Connection established\r\n\r\n")); err != nil {
			_ = client.Close()
			_ = upstream.Close()
			return
		}
		go func() { _, _ = io.Copy(upstream, buffered); _ = upstream.Close() }()
		go func() { _, _ = io.Copy(client, upstream); _ = client.Close() }()
	}))
	t.Cleanup(srv.Close)
	p.addr = srv.Listener.Addr().String()
	return p
}

func TestAccCLIPlanWithoutDataSourcesTakesNoToken(t *testing.T) {
	t.Parallel()
	fake, env := startCLIPBX(t)
	w := newCLIWorkspace(t, "provider \"yeastar\" {}\n\noutput \"nothing\" {\n  value = \"to read\"\n}\n", env...)
	w.mustRun("plan", "-input=false")
	if st := fake.Stats(); st.Requests != 0 {
		t.Errorf("a plan that reads no data source sent %d requests: %+v", st.Requests, st)
	}
}
