package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rsschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/yeastar"
)

// checkDescription fails when an attribute's description is not a full sentence: the registry
// docs are generated from these texts.
func checkDescription(t *testing.T, name, description string) {
	t.Helper()
	description = strings.TrimSpace(description)
	switch {
	case len(description) < 20:
		t.Errorf("%s: description %q is missing or too short", name, description)
	case !strings.HasSuffix(description, "."):
		t.Errorf("%s: description does not end with a full stop: %q", name, description)
	case strings.ToUpper(description[:1]) != description[:1] && description[0] != '`':
		t.Errorf("%s: description does not start with a capital: %q", name, description)
	}
}

func TestEveryAttributeHasADescription(t *testing.T) {
	ctx := context.Background()
	p := New("test")

	var providerSchema provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &providerSchema)
	checkDescription(t, "provider", providerSchema.Schema.MarkdownDescription)
	for name, attr := range providerSchema.Schema.Attributes {
		checkDescription(t, "provider."+name, attr.GetMarkdownDescription())
	}

	for _, newDataSource := range p.DataSources(ctx) {
		ds := newDataSource()
		var meta datasource.MetadataResponse
		ds.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "yeastar"}, &meta)
		var resp datasource.SchemaResponse
		ds.Schema(ctx, datasource.SchemaRequest{}, &resp)
		checkDescription(t, meta.TypeName, resp.Schema.MarkdownDescription)
		checkNamesPermissions(t, meta.TypeName, resp.Schema.MarkdownDescription)
		checkAttributes(t, meta.TypeName, resp.Schema.Attributes)
	}

	for _, newListResource := range p.ListResources(ctx) {
		l := newListResource()
		var meta resource.MetadataResponse
		l.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "yeastar"}, &meta)
		var resp list.ListResourceSchemaResponse
		l.ListResourceConfigSchema(ctx, list.ListResourceSchemaRequest{}, &resp)
		checkDescription(t, "list."+meta.TypeName, resp.Schema.MarkdownDescription)
		checkNamesPermissions(t, "list."+meta.TypeName, resp.Schema.MarkdownDescription)
		for name, attr := range resp.Schema.Attributes {
			checkDescription(t, "list."+meta.TypeName+"."+name, attr.GetMarkdownDescription())
		}
	}

	for _, newEphemeral := range p.EphemeralResources(ctx) {
		e := newEphemeral()
		var meta ephemeral.MetadataResponse
		e.Metadata(ctx, ephemeral.MetadataRequest{ProviderTypeName: "yeastar"}, &meta)
		var resp ephemeral.SchemaResponse
		e.Schema(ctx, ephemeral.SchemaRequest{}, &resp)
		checkDescription(t, "ephemeral."+meta.TypeName, resp.Schema.MarkdownDescription)
		checkNamesPermissions(t, "ephemeral."+meta.TypeName, resp.Schema.MarkdownDescription)
		for name, attr := range resp.Schema.Attributes {
			checkDescription(t, "ephemeral."+meta.TypeName+"."+name, attr.GetMarkdownDescription())
		}
	}

	for _, newResource := range p.Resources(ctx) {
		r := newResource()
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "yeastar"}, &meta)
		var resp resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &resp)
		checkDescription(t, meta.TypeName, resp.Schema.MarkdownDescription)
		checkNamesPermissions(t, meta.TypeName, resp.Schema.MarkdownDescription)
		checkResourceAttributes(t, meta.TypeName, resp.Schema.Attributes)
	}
}

// checkResourceAttributes checks a resource's attributes and those nested in them (a
// destination, an IVR's keys).
func checkResourceAttributes(t *testing.T, prefix string, attributes map[string]rsschema.Attribute) {
	t.Helper()
	for name, attr := range attributes {
		checkDescription(t, prefix+"."+name, attr.GetMarkdownDescription())
		switch nested := attr.(type) {
		case rsschema.SingleNestedAttribute:
			checkResourceAttributes(t, prefix+"."+name, nested.Attributes)
		case rsschema.MapNestedAttribute:
			checkResourceAttributes(t, prefix+"."+name, nested.NestedObject.Attributes)
		}
	}
}

// checkNamesPermissions fails when a page does not say which permissions of the API
// application it needs (see permissionsNote).
func checkNamesPermissions(t *testing.T, name, description string) {
	t.Helper()
	if !strings.Contains(description, "Needs the API application's **") {
		t.Errorf("%s: the description does not name the API application's permissions it needs: %q", name, description)
	}
}

func checkAttributes(t *testing.T, prefix string, attributes map[string]dsschema.Attribute) {
	t.Helper()
	for name, attr := range attributes {
		checkDescription(t, prefix+"."+name, attr.GetMarkdownDescription())
		if nested, ok := attr.(dsschema.ListNestedAttribute); ok {
			checkAttributes(t, prefix+"."+name, nested.NestedObject.Attributes)
		}
	}
}

func TestClosestSuggestsLikelyTypos(t *testing.T) {
	known := []string{"Ale", "Snom", "Fanvil", "Htek", "Grandstream", "Yealink"}
	for value, want := range map[string]string{
		"Yelink":     "Yealink",
		"yealink":    "Yealink",
		"grandstrem": "Grandstream",
		"SNOM":       "Snom",
		"Polycom":    "",
	} {
		got := closest(value, known, 3)
		if want == "" && len(got) != 0 || want != "" && (len(got) == 0 || got[0] != want) {
			t.Errorf("closest(%q) = %v, want %q first", value, got, want)
		}
	}
}

func TestConfigurationCredentialsWinOverTheEnvironment(t *testing.T) {
	env := map[string]string{envBaseURL: "https://pbx", envClientID: "env-id", envClientSecret: "env-secret", envAccessToken: "env-token"}
	getenv := func(k string) string { return env[k] }

	cfg, diags := resolveClientConfig(yeastarProviderModel{AccessToken: types.StringValue("config-token")}, getenv)
	if diags.HasError() || cfg.AccessToken != "config-token" || cfg.ClientID != "" || cfg.ClientSecret != "" {
		t.Errorf("access_token in the configuration: cfg = %+v, diags = %v", cfg, diags)
	}
	cfg, diags = resolveClientConfig(yeastarProviderModel{ClientID: types.StringValue("config-id")}, getenv)
	if diags.HasError() || cfg.AccessToken != "" || cfg.ClientID != "config-id" || cfg.ClientSecret != "env-secret" {
		t.Errorf("client_id in the configuration: cfg = %+v, diags = %v", cfg, diags)
	}
	_, diags = resolveClientConfig(yeastarProviderModel{}, getenv)
	if !diags.HasError() || !strings.Contains(diags[0].Detail(), "YEASTAR_ACCESS_TOKEN") {
		t.Errorf("both kinds in the environment: diags = %v, want a conflict naming the variables", diags)
	}
}

func TestProviderDiagnosticsNameTheEnvironmentVariable(t *testing.T) {
	env := map[string]string{envBaseURL: "pbx.example.com", envClientID: "id", envRequestTimeout: "-5s", envInsecureSkipVerify: "maybe"}
	_, diags := resolveClientConfig(yeastarProviderModel{}, func(k string) string { return env[k] })
	text := ""
	for _, d := range diags {
		text += d.Summary() + ": " + d.Detail() + "\n"
	}
	for _, want := range []string{"YEASTAR_BASE_URL environment variable", "YEASTAR_CLIENT_SECRET", "YEASTAR_REQUEST_TIMEOUT environment variable", "YEASTAR_INSECURE_SKIP_VERIFY"} {
		if !strings.Contains(text, want) {
			t.Errorf("diagnostics do not mention %s:\n%s", want, text)
		}
	}
}

func TestCheckPEMParsesTheCertificate(t *testing.T) {
	bad := "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
	if err := checkPEM(bad); err == nil || !strings.Contains(err.Error(), "not hold a valid certificate") {
		t.Errorf("a PEM block of garbage: err = %v", err)
	}
	if err := checkPEM("/etc/ssl/pbx.pem"); err == nil {
		t.Error("a path was accepted as a certificate")
	}
}

func TestIndexFirstKeepsTheFirstOfDuplicateKeys(t *testing.T) {
	options := []yeastar.Option{{Text: "a", Value: "1"}, {Text: "b", Value: "2"}, {Text: "a", Value: "3"}}
	got := indexFirst(options, optionText, optionValue)
	if len(got) != 2 || got["a"] != "1" || got["b"] != "2" {
		t.Errorf("indexFirst = %v, want a=1, b=2", got)
	}
}
