package provider

import (
	"context"
	"fmt"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

// testPBX is a fake PBX for one test, with the provider instances that test started.
type testPBX struct {
	*fakeyeastar.Server
	URL string

	mu        sync.Mutex
	providers []*YeastarProvider
	// givenTokens counts tokens a test issued itself (for access_token), which stay valid.
	givenTokens int
}

// issueToken issues a token for the provider's access_token, as one obtained elsewhere.
func (pbx *testPBX) issueToken() string {
	pbx.givenTokens++
	return pbx.IssueToken()
}

// newTestPBX starts a fake PBX and checks, when the test ends, that every request carried
// "User-Agent: OpenAPI", that no provider process took more than one token, and that every
// token the providers took was revoked.
func newTestPBX(t *testing.T) *testPBX {
	t.Helper()
	fake := fakeyeastar.New()
	srv := httptest.NewServer(fake)
	pbx := &testPBX{Server: fake, URL: srv.URL}
	t.Cleanup(func() {
		pbx.closeProviders()
		srv.Close()
		st := fake.Stats()
		if st.BadUserAgent != 0 {
			t.Errorf("%d requests lacked User-Agent: OpenAPI", st.BadUserAgent)
		}
		pbx.mu.Lock()
		started := len(pbx.providers)
		pbx.mu.Unlock()
		if st.GetToken > started {
			t.Errorf("%d get_token calls from %d provider processes: a process took more than one token", st.GetToken, started)
		}
		if st.LiveTokens != pbx.givenTokens {
			t.Errorf("%d tokens still valid after the providers closed, want %d", st.LiveTokens, pbx.givenTokens)
		}
	})
	return pbx
}

// factories serves the provider in-process to the Terraform CLI that resource.Test runs.
//
// NOTE: resource.Test starts a new provider server for each Terraform command and stops the
// previous one without telling it, where a real provider process would revoke its token on
// exit (main.go). Closing the previous instances when the next one starts stands in for that,
// so that a multi-step test stays under the PBX's cap of 8 tokens as real runs do.
func (pbx *testPBX) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"yeastar": func() (tfprotov6.ProviderServer, error) {
			pbx.closeProviders()
			p := New("test")
			pbx.mu.Lock()
			pbx.providers = append(pbx.providers, p)
			pbx.mu.Unlock()
			return providerserver.NewProtocol6WithError(p)()
		},
	}
}

func (pbx *testPBX) closeProviders() {
	pbx.mu.Lock()
	providers := append([]*YeastarProvider(nil), pbx.providers...)
	pbx.mu.Unlock()
	for _, p := range providers {
		_ = p.Close(context.Background())
	}
}

// providerBlock configures the provider for the fake with client credentials.
func (pbx *testPBX) providerBlock() string {
	return fmt.Sprintf(`
provider "yeastar" {
  base_url      = %q
  client_id     = %q
  client_secret = %q
}
`, pbx.URL, pbx.ClientID, pbx.ClientSecret)
}

// testCase is the TestCase every acceptance test starts from.
func (pbx *testPBX) testCase(steps ...resource.TestStep) resource.TestCase {
	return resource.TestCase{ProtoV6ProviderFactories: pbx.factories(), Steps: steps}
}

func TestAccProviderConfigurationErrors(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	cases := map[string]configError{
		"missing base_url": {`provider "yeastar" {
  client_id = "a"
  client_secret = "b"
}`, `Missing Yeastar base URL[\s\S]*YEASTAR_BASE_URL`},
		"base_url without scheme": {`provider "yeastar" {
  base_url = "pbx.example.com"
  client_id = "a"
  client_secret = "b"
}`, `Invalid Yeastar base URL[\s\S]*https://`},
		"base_url of an IP address and port without scheme": {`provider "yeastar" {
  base_url = "192.168.1.10:8088"
  client_id = "a"
  client_secret = "b"
}`, `Invalid Yeastar base URL[\s\S]*must start with https://[\s\S]*"https://192.168.1.10:8088"`},
		"base_url with path": {`provider "yeastar" {
  base_url = "https://pbx.example.com/openapi/v1.0"
  client_id = "a"
  client_secret = "b"
}`, `must not contain a path`},
		"base_url with query": {`provider "yeastar" {
  base_url = "https://pbx.example.com?a=b"
  client_id = "a"
  client_secret = "b"
}`, `must not contain a query`},
		"api_path with query": {`provider "yeastar" {
  base_url = "https://pbx"
  api_path = "openapi/v1.0?x=y"
  client_id = "a"
  client_secret = "b"
}`, `Invalid Yeastar API path`},
		"missing credentials": {`provider "yeastar" {
  base_url = "https://pbx"
}`, `Missing Yeastar credentials[\s\S]*YEASTAR_CLIENT_ID`},
		"secret without id": {`provider "yeastar" {
  base_url = "https://pbx"
  client_secret = "b"
}`, `Missing Yeastar Client ID`},
		"id without secret": {`provider "yeastar" {
  base_url = "https://pbx"
  client_id = "a"
}`, `Missing Yeastar Client Secret[\s\S]*YEASTAR_CLIENT_SECRET`},
		"token and client id": {`provider "yeastar" {
  base_url = "https://pbx"
  client_id = "a"
  access_token = "t"
}`, `Conflicting Yeastar credentials[\s\S]*YEASTAR_ACCESS_TOKEN[\s\S]*YEASTAR_CLIENT_ID`},
		"negative max_retries": {`provider "yeastar" {
  base_url = "https://pbx"
  client_id = "a"
  client_secret = "b"
  max_retries = -1
}`, `max_retries[\s\S]*between 0 and 10`},
		"bad request_timeout": {`provider "yeastar" {
  base_url = "https://pbx"
  client_id = "a"
  client_secret = "b"
  request_timeout = "soon"
}`, `Invalid request_timeout[\s\S]*30s`},
		"zero request_timeout": {`provider "yeastar" {
  base_url = "https://pbx"
  client_id = "a"
  client_secret = "b"
  request_timeout = "0s"
}`, `longer than zero`},
		"bad ca_certificate": {`provider "yeastar" {
  base_url = "https://pbx"
  client_id = "a"
  client_secret = "b"
  ca_certificate = "/etc/ssl/pbx.pem"
}`, `Invalid ca_certificate[\s\S]*BEGIN CERTIFICATE`},
	}
	for name, tc := range cases {
		tc.config += "\ndata \"yeastar_phone_vendors\" \"all\" {}\n"
		cases[name] = tc
	}
	pbx.expectErrors(t, cases)
	if st := pbx.Stats(); st.Requests != 0 {
		t.Errorf("bad configurations sent %d requests; they must fail before any network call", st.Requests)
	}
}

func TestAccProviderEnvironmentOnly(t *testing.T) {
	pbx := newTestPBX(t)
	t.Setenv(envBaseURL, pbx.URL+"/")
	t.Setenv(envClientID, pbx.ClientID)
	t.Setenv(envClientSecret, pbx.ClientSecret)
	resource.Test(t, pbx.testCase(resource.TestStep{
		Config: `
provider "yeastar" {}

data "yeastar_phone_templates" "cp920" {
  model = "CP920"
}
`,
		Check: resource.TestCheckResourceAttr("data.yeastar_phone_templates.cp920", "templates.0.id", "24"),
	}))
}

func TestAccProviderConfigurationWinsOverEnvironment(t *testing.T) {
	pbx := newTestPBX(t)
	t.Setenv(envBaseURL, "https://wrong.invalid")
	t.Setenv(envClientSecret, "wrong-secret")
	resource.Test(t, pbx.testCase(resource.TestStep{
		Config: pbx.providerBlock() + `
data "yeastar_phone_vendors" "all" {}
`,
		Check: resource.TestCheckResourceAttr("data.yeastar_phone_vendors.all", "vendors.#", "6"),
	}))
}

func TestAccProviderEnvironmentErrorsNameTheVariable(t *testing.T) {
	pbx := newTestPBX(t)
	t.Setenv(envBaseURL, "pbx.example.com:8088")
	t.Setenv(envClientID, "a")
	t.Setenv(envClientSecret, "b")
	t.Setenv(envMaxRetries, "many")
	resource.Test(t, pbx.testCase(resource.TestStep{
		Config:      "provider \"yeastar\" {}\n\ndata \"yeastar_phone_vendors\" \"all\" {}\n",
		ExpectError: errorPattern(`(?s)the YEASTAR_BASE_URL environment variable.*the YEASTAR_MAX_RETRIES environment variable|the YEASTAR_MAX_RETRIES environment variable.*the YEASTAR_BASE_URL environment variable`),
	}))
}

func TestAccProviderWithAccessToken(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	token := pbx.issueToken()
	resource.Test(t, pbx.testCase(resource.TestStep{
		Config: fmt.Sprintf(`
provider "yeastar" {
  base_url     = %q
  access_token = %q
}

data "yeastar_phone_models" "snom" {
  vendor = "Snom"
}
`, pbx.URL, token),
		Check: resource.TestCheckResourceAttr("data.yeastar_phone_models.snom", "models.0.value", "D717"),
	}))
	if st := pbx.Stats(); st.GetToken != 0 || st.DelToken != 0 || st.LiveTokens != 1 {
		t.Errorf("stats = %+v: a given token must be used as is, never replaced or revoked", st)
	}
}

func TestAccProviderWrongCredentials(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	resource.Test(t, pbx.testCase(resource.TestStep{
		Config: fmt.Sprintf(`
provider "yeastar" {
  base_url      = %q
  client_id     = %q
  client_secret = "not-the-secret"
}

data "yeastar_phone_vendors" "all" {}
`, pbx.URL, pbx.ClientID),
		ExpectError: errorPattern(`rejected the Client ID or Client Secret[\s\S]*client_secret[\s\S]*5 failed logins`),
	}))
	if st := pbx.Stats(); st.GetToken != 1 {
		t.Errorf("get_token attempts = %d, want exactly 1", st.GetToken)
	}
}

func TestAccProviderUnknownConfigurationDoesNotCrashThePlan(t *testing.T) {
	t.Parallel()
	pbx := newTestPBX(t)
	unknownProvider := `
resource "terraform_data" "pbx" {
  input = "https://pbx.example.com"
}

provider "yeastar" {
  base_url      = terraform_data.pbx.output
  client_id     = "a"
  client_secret = "b"
}
`
	resource.Test(t, pbx.testCase(
		resource.TestStep{
			Config:             unknownProvider,
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		},
		resource.TestStep{
			Config:      unknownProvider + `data "yeastar_phone_vendors" "all" {}`,
			PlanOnly:    true,
			ExpectError: errorPattern(`not configured yet[\s\S]*base_url`),
		},
	))
}

// configError is a configuration that must fail with an error matching want (see errorPattern).
type configError struct {
	config string
	want   string
}

// expectErrors runs each configuration as a subtest and checks its error. A configuration
// without a provider block gets the one for this fake PBX.
func (pbx *testPBX) expectErrors(t *testing.T, cases map[string]configError) {
	t.Helper()
	for name, tc := range cases {
		config := tc.config
		if !strings.Contains(config, `provider "yeastar"`) {
			config = pbx.providerBlock() + config
		}
		t.Run(name, func(t *testing.T) {
			resource.Test(t, pbx.testCase(resource.TestStep{Config: config, ExpectError: errorPattern(tc.want)}))
		})
	}
}

// errorPattern compiles a pattern for ExpectError in which a space matches any run of
// whitespace, since Terraform wraps long diagnostics across lines.
func errorPattern(pattern string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(pattern, " ", `\s+`))
}
