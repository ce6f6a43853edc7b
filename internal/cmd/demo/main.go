// Command demo runs examples/demo against the fake Yeastar API: it starts the fake over HTTPS
// on a free local port, points a local build of the provider at it through a CLI configuration
// with dev_overrides, runs terraform apply (two phones added, their links printed) and a plan
// that must show no changes, prints the fake's phone list, then stops the fake. Nothing
// runs on after it returns. `make demo` builds the provider first, and passes the terraform or
// tofu it found on PATH (.ci/find-cli.sh), or else a Terraform it built into .bin/.
//
//	go run ./internal/cmd/demo -terraform "$(command -v terraform)" -provider-dir .bin
package main

import (
	"encoding/pem"
	"flag"
	"fmt"
	"log"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

func main() {
	var (
		terraform   = flag.String("terraform", ".bin/terraform", "the Terraform (or OpenTofu) CLI to run")
		providerDir = flag.String("provider-dir", ".bin", "the folder holding the terraform-provider-yeastar build")
		configDir   = flag.String("config", "examples/demo", "the configuration to apply")
	)
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("demo: ")
	if err := run(*terraform, *providerDir, *configDir); err != nil {
		log.Fatal(err)
	}
}

func run(terraform, providerDir, configDir string) error {
	providerDir, err := filepath.Abs(providerDir)
	if err != nil {
		return err
	}
	if terraform, err = exec.LookPath(terraform); err != nil {
		return fmt.Errorf("no Terraform CLI: %w", err)
	}
	if terraform, err = filepath.Abs(terraform); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(providerDir, "terraform-provider-yeastar")); err != nil {
		return fmt.Errorf("no provider build in %s: run make build first", providerDir)
	}
	work, err := os.MkdirTemp("", "yeastar-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	fake := fakeyeastar.New()
	server := httptest.NewTLSServer(fake)
	defer server.Close()
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: server.Certificate().Raw})
	fmt.Printf("Fake Yeastar PBX listening at %s\n\n", server.URL)

	// The configuration is copied so that the run leaves no state in the repository.
	for _, name := range []string{"main.tf"} {
		data, err := os.ReadFile(filepath.Join(configDir, name))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(work, name), data, 0o600); err != nil {
			return err
		}
	}
	cliConfig := filepath.Join(work, "dev.tfrc")
	overrides := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n    %q = %q\n  }\n  direct {}\n}\n",
		"registry.terraform.io/pbx-iac/yeastar", providerDir, "registry.opentofu.org/pbx-iac/yeastar", providerDir)
	if err := os.WriteFile(cliConfig, []byte(overrides), 0o600); err != nil {
		return err
	}

	env := append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		"YEASTAR_BASE_URL="+server.URL,
		"YEASTAR_CLIENT_ID="+fake.ClientID,
		"YEASTAR_CLIENT_SECRET="+fake.ClientSecret,
		"YEASTAR_CA_CERTIFICATE="+string(caPEM),
	)
	cmd := exec.Command(terraform, "apply", "-auto-approve", "-input=false", "-no-color", "-compact-warnings")
	cmd.Dir, cmd.Env = work, env
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	fmt.Printf("$ %s apply -auto-approve\n", filepath.Base(terraform))
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s apply: %w", filepath.Base(terraform), err)
	}
	fmt.Println()

	// A second plan shows that the phones are as configured.
	plan := exec.Command(terraform, "plan", "-input=false", "-no-color", "-detailed-exitcode")
	plan.Dir, plan.Env = work, env
	fmt.Printf("$ %s plan -detailed-exitcode\n", filepath.Base(terraform))
	out, err := plan.CombinedOutput()
	if err != nil {
		os.Stdout.Write(out)
		return fmt.Errorf("%s plan after apply is not empty: %w", filepath.Base(terraform), err)
	}
	fmt.Println("No changes: the PBX holds the phones as configured.")
	fmt.Println()

	st := fake.Stats()
	fmt.Println("The fake PBX's phone list:")
	for _, p := range fake.Phones() {
		ext := "no extension"
		for _, e := range fake.Extensions {
			if e.ID == p.ExtensionID {
				ext = "extension " + e.Number + " (" + e.CallerIDName + ")"
			}
		}
		fmt.Printf("  phone ID %d  %s  %s %s  %s  %s\n", p.ID, p.MAC, p.Vendor, p.Model, p.TemplateName, ext)
	}
	fmt.Printf("It served %d get_token, %d phone/batchcreate and %d del_token requests over both runs; %d access tokens are still valid.\n",
		st.GetToken, st.Endpoints["phone/batchcreate"], st.DelToken, st.LiveTokens)
	return nil
}
