package provider

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// The language features some tests need came to Terraform and OpenTofu in different versions.
// A test asks for a feature, and skips (with tfversion's message, which `make testacc` accepts
// below a minimum) on a CLI that lacks it.
type cliFeature struct {
	name                string
	terraform, openTofu *version.Version
}

var (
	featureEphemeral = cliFeature{"ephemeral resources", tfversion.Version1_10_0, version.Must(version.NewVersion("1.11.0"))}
	featureWriteOnly = cliFeature{"write-only arguments", tfversion.Version1_11_0, version.Must(version.NewVersion("1.11.0"))}
)

var (
	openTofuOnce sync.Once
	openTofu     bool
)

// isOpenTofu reports whether TF_ACC_TERRAFORM_PATH is an OpenTofu CLI, which reports its own
// version under terraform_version.
func isOpenTofu(t *testing.T) bool {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 to run tests that drive the Terraform CLI")
	}
	openTofuOnce.Do(func() {
		out, err := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), "version").Output()
		if err != nil {
			t.Fatalf("terraform version: %v", err)
		}
		openTofu = strings.HasPrefix(string(out), "OpenTofu")
	})
	return openTofu
}

// minimum is the feature's first version on the CLI under test.
func (f cliFeature) minimum(t *testing.T) *version.Version {
	if isOpenTofu(t) {
		return f.openTofu
	}
	return f.terraform
}

// versionCheck skips a resource.TestCase on a CLI without the feature.
func (f cliFeature) versionCheck(t *testing.T) tfversion.TerraformVersionCheck {
	return featureCheck{f, t}
}

type featureCheck struct {
	feature cliFeature
	t       *testing.T
}

func (c featureCheck) CheckTerraformVersion(_ context.Context, req tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	if minimum := c.feature.minimum(c.t); req.TerraformVersion.LessThan(minimum) {
		resp.Skip = "Terraform CLI version " + req.TerraformVersion.String() + " is below minimum version " + minimum.String() + ": skipping test"
	}
}
