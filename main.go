// Command terraform-provider-yeastar serves the Yeastar provider to Terraform and OpenTofu.
package main

import (
	"context"
	"flag"
	"log"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	yeastarprovider "github.com/pbx-iac/terraform-provider-yeastar/internal/provider"
)

// version is stamped by the release build (-ldflags "-X main.version=...").
var version = "dev"

// revokeWithin bounds the token revocation at exit: Terraform kills a provider that has not
// exited about two seconds after it asked it to stop.
const revokeWithin = 1500 * time.Millisecond

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "start the provider with support for debuggers like delve")
	flag.Parse()

	p := yeastarprovider.New(version)
	err := providerserver.Serve(context.Background(), func() provider.Provider { return p }, providerserver.ServeOpts{
		Address:         "registry.terraform.io/pbx-iac/yeastar",
		Debug:           debug,
		ProtocolVersion: 6,
	})

	// NOTE: Serve returns when Terraform stops the provider gracefully. Revoking the token here
	// frees its place among the PBX's 8 for the next run instead of holding it for 30 minutes.
	ctx, cancel := context.WithTimeout(context.Background(), revokeWithin)
	defer cancel()
	if closeErr := p.Close(ctx); closeErr != nil {
		log.Printf("[WARN] yeastar: %v", closeErr)
	}
	if err != nil {
		log.Fatal(err.Error())
	}
}
