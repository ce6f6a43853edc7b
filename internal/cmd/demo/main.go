// Command demo runs the guide "A whole office in one apply" (examples/guides/whole-office)
// against the fake Yeastar API: it starts the fake over HTTPS on a free local port, points a
// local build of the provider at it through a CLI configuration with dev_overrides, and runs
// terraform apply, which creates the extensions and desk phones of the guide's staff CSV (and
// sends their Linkus welcome e-mails), the reception ring group, the sales queue, the main
// menu, the carrier's SIP trunk (its password a random value passed as TF_VAR_carrier_password
// into the write-only argument), the main number's inbound route and the outbound routes, all
// in one apply. A second plan must show no changes. Then it reads the passwords and voicemail
// PINs the fake PBX holds for the new extensions, and the trunk's password, and fails if any of
// them, or its Base64, appears in the state file or in the CLI's output. It prints the fake's
// dial plan and phone list and stops the fake: nothing runs on after it returns. `make demo`
// builds the provider first, and passes the terraform or tofu it found on PATH
// (.ci/find-cli.sh), or else a Terraform it built into .bin/. The guide sets a write-only
// argument, so it needs Terraform or OpenTofu 1.11 or later.
//
//	go run ./internal/cmd/demo -terraform "$(command -v terraform)" -provider-dir .bin
package main

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/pem"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

func main() {
	var (
		terraform   = flag.String("terraform", ".bin/terraform", "the Terraform (or OpenTofu) CLI to run")
		providerDir = flag.String("provider-dir", ".bin", "the folder holding the terraform-provider-yeastar build")
		configDir   = flag.String("config", "examples/guides/whole-office", "the configuration to apply (its files are copied, so no state is left in it)")
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
	if err := copyConfig(configDir, work); err != nil {
		return err
	}

	fake := fakeyeastar.New()
	server := httptest.NewTLSServer(fake)
	defer server.Close()
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: server.Certificate().Raw})
	fmt.Printf("Fake Yeastar PBX listening at %s\n\n", server.URL)
	before := make(map[int]bool)
	for _, e := range fake.Extensions {
		before[e.ID] = true
	}

	cliConfig := filepath.Join(work, "dev.tfrc")
	overrides := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n    %q = %q\n  }\n  direct {}\n}\n",
		"registry.terraform.io/pbx-iac/yeastar", providerDir, "registry.opentofu.org/pbx-iac/yeastar", providerDir)
	if err := os.WriteFile(cliConfig, []byte(overrides), 0o600); err != nil {
		return err
	}
	// The carrier's password: random, so that finding it anywhere proves a leak.
	var random [18]byte
	if _, err := rand.Read(random[:]); err != nil {
		return err
	}
	carrierPassword := base64.RawURLEncoding.EncodeToString(random[:])
	env := append(os.Environ(),
		"TF_VAR_carrier_password="+carrierPassword,
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		"YEASTAR_BASE_URL="+server.URL,
		"YEASTAR_CLIENT_ID="+fake.ClientID,
		"YEASTAR_CLIENT_SECRET="+fake.ClientSecret,
		"YEASTAR_CA_CERTIFICATE="+string(caPEM),
	)
	name := filepath.Base(terraform)
	// Everything the CLI prints is kept as well, to be searched for secrets at the end.
	var cliOutput bytes.Buffer

	apply := exec.Command(terraform, "apply", "-auto-approve", "-input=false", "-no-color", "-compact-warnings")
	apply.Dir, apply.Env = work, env
	apply.Stdout = io.MultiWriter(os.Stdout, &cliOutput)
	apply.Stderr = io.MultiWriter(os.Stderr, &cliOutput)
	fmt.Printf("$ %s apply -auto-approve\n", name)
	if err := apply.Run(); err != nil {
		return fmt.Errorf("%s apply: %w", name, err)
	}
	fmt.Println()

	// A second plan shows that the extensions and phones are as configured.
	plan := exec.Command(terraform, "plan", "-input=false", "-no-color", "-detailed-exitcode")
	plan.Dir, plan.Env = work, env
	fmt.Printf("$ %s plan -detailed-exitcode\n", name)
	out, err := plan.CombinedOutput()
	cliOutput.Write(out)
	if err != nil {
		os.Stdout.Write(out)
		return fmt.Errorf("%s plan after apply is not empty: %w", name, err)
	}
	fmt.Println("No changes: the PBX holds the office as configured.")
	fmt.Println()

	// The fake returns the new extensions' generated passwords in extension/get (the worst
	// case): none of them may have reached the state or the CLI's output, as text or as Base64.
	var created []fakeyeastar.Extension
	var secrets []string
	for _, e := range fake.Extensions {
		if !before[e.ID] {
			created = append(created, e)
			if e.UserPassword == "" || e.RegistrationPassword == "" || e.VoicemailPIN == "" {
				return fmt.Errorf("the fake PBX holds no password or PIN for extension %s: nothing to look for", e.Number)
			}
			secrets = append(secrets, e.UserPassword, e.RegistrationPassword, e.VoicemailPIN)
		}
	}
	if len(created) == 0 {
		return fmt.Errorf("%s apply created no extension on the fake PBX", name)
	}
	trunkPasswords := fake.TrunkPasswords()
	if !slices.Contains(trunkPasswords, carrierPassword) {
		return fmt.Errorf("the fake PBX's SIP trunk did not receive the carrier's password")
	}
	secrets = append(secrets, trunkPasswords...)
	state, err := os.ReadFile(filepath.Join(work, "terraform.tfstate"))
	if err != nil {
		return fmt.Errorf("reading the state %s wrote: %w", name, err)
	}
	for place, text := range map[string][]byte{"the state file": state, "the CLI's output": cliOutput.Bytes()} {
		if n := leakedSecrets(text, secrets); n > 0 {
			return fmt.Errorf("%d of the PBX's extension passwords or PINs appear in %s", n, place)
		}
	}
	numbers := make([]string, 0, len(created))
	welcomes := 0
	for _, e := range created {
		// A state that does not hold the new extensions would make the scan above prove nothing.
		if !bytes.Contains(state, []byte(`"`+e.Number+`"`)) {
			return fmt.Errorf("the state file does not hold extension %s", e.Number)
		}
		numbers = append(numbers, e.Number)
		welcomes += fake.WelcomeEmails(e.ID)
	}
	slices.Sort(numbers)
	fmt.Printf("None of the %d passwords and PINs the PBX holds for extensions %s, nor the SIP trunk's password, nor their Base64, is in the state file or in the CLI's output.\n",
		len(secrets)-len(trunkPasswords), strings.Join(numbers, ", "))
	fmt.Println()

	fmt.Println("The fake PBX's dial plan:")
	printDialPlan(os.Stdout, fake, created)
	fmt.Println()

	fmt.Println("The fake PBX's phone list:")
	for _, p := range fake.Phones() {
		ext := "no extension"
		if e, ok := fake.ExtensionByID(p.ExtensionID); ok {
			ext = "extension " + e.Number + " (" + e.CallerIDName + ")"
		}
		fmt.Printf("  phone ID %d  %s  %s %s  %s  %s\n", p.ID, p.MAC, p.Vendor, p.Model, p.TemplateName, ext)
	}
	st := fake.Stats()
	fmt.Printf("It sent %d welcome e-mails and served %d get_token, %d extension/create, %d phone/batchcreate and %d del_token requests over both runs; %d access tokens are still valid.\n",
		welcomes, st.GetToken, st.Endpoints["extension/create"], st.Endpoints["phone/batchcreate"], st.DelToken, st.LiveTokens)
	return nil
}

// copyConfig copies the configuration's files (not its folders, such as .terraform, nor any
// state) into work, so that the run leaves nothing in the repository.
func copyConfig(configDir, work string) error {
	entries, err := os.ReadDir(configDir)
	if err != nil {
		return fmt.Errorf("reading the configuration: %w", err)
	}
	for _, entry := range entries {
		if !entry.Type().IsRegular() || strings.HasPrefix(entry.Name(), "terraform.tfstate") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(configDir, entry.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(work, entry.Name()), data, 0o600); err != nil {
			return err
		}
	}
	return nil
}

// leakedSecrets counts the secrets that appear in text as they are or Base64-encoded (the
// form extension/getpassword answers in). Base64 without padding is searched for, so that
// the padded form is found too.
func leakedSecrets(text []byte, secrets []string) int {
	leaked := 0
	for _, secret := range slices.Compact(slices.Sorted(slices.Values(secrets))) {
		if secret == "" {
			continue
		}
		if bytes.Contains(text, []byte(secret)) || bytes.Contains(text, []byte(base64.RawStdEncoding.EncodeToString([]byte(secret)))) {
			leaked++
		}
	}
	return leaked
}
