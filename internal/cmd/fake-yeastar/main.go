// Command fake-yeastar serves the fake Yeastar P-Series OpenAPI on a local port, for the demo,
// the benchmarks and for trying the provider without a PBX.
//
//	go run ./internal/cmd/fake-yeastar -listen 127.0.0.1:0 -url-file /tmp/url -ca-file /tmp/ca.pem
//
// It serves HTTPS with a certificate for 127.0.0.1 unless -plain-http is given; -ca-file
// receives that certificate in PEM so that clients can trust it. It stops on SIGINT or SIGTERM.
package main

import (
	"context"
	"encoding/pem"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http/httptest"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/pbx-iac/terraform-provider-yeastar/internal/fakeyeastar"
)

func main() {
	var (
		listen    = flag.String("listen", "127.0.0.1:0", "address to listen on; port 0 picks a free port")
		urlFile   = flag.String("url-file", "", "write the base URL to this file once listening")
		caFile    = flag.String("ca-file", "", "write the server's certificate (PEM) to this file")
		plainHTTP = flag.Bool("plain-http", false, "serve plain HTTP instead of HTTPS")
		clientID  = flag.String("client-id", fakeyeastar.DefaultClientID, "the Client ID the fake accepts")
		secret    = flag.String("client-secret", fakeyeastar.DefaultClientSecret, "the Client Secret the fake accepts")
		latency   = flag.Duration("latency", 0, "delay added to every API response, e.g. 50ms")
		maxTokens = flag.Int("max-tokens", fakeyeastar.DefaultMaxTokens, "valid access tokens allowed at once (0: no cap)")
		edition   = flag.String("edition", string(fakeyeastar.EditionCloud), "cloud or self-hosted: which provisioning methods are offered")
		noNewID   = flag.Bool("create-without-id", false, "answer extension/create, ringgroup/create, queue/create and ivr/create without the new object's id (the guide leaves open which a PBX does)")
	)
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("fake-yeastar: ")

	fake := fakeyeastar.New()
	fake.ClientID, fake.ClientSecret = *clientID, *secret
	fake.Latency = *latency
	fake.MaxTokens = *maxTokens
	fake.Edition = fakeyeastar.Edition(*edition)
	fake.ExtensionCreateReturnsID = !*noNewID
	fake.RoutingCreateReturnsID = !*noNewID

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(fake)
	_ = srv.Listener.Close()
	srv.Listener = ln
	if *plainHTTP {
		srv.Start()
	} else {
		srv.StartTLS()
		if *caFile != "" {
			cert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
			if err := os.WriteFile(*caFile, cert, 0o600); err != nil {
				log.Fatal(err)
			}
		}
	}
	if *urlFile != "" {
		if err := os.WriteFile(*urlFile, []byte(srv.URL+"\n"), 0o600); err != nil {
			log.Fatal(err)
		}
	}
	log.Printf("serving the Yeastar OpenAPI at %s (client ID %q)", srv.URL, fake.ClientID)

	<-ctx.Done()
	done := make(chan struct{})
	go func() { srv.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
	}
	st := fake.Stats()
	fmt.Fprintf(os.Stderr, "fake-yeastar: served %d requests: %d get_token, %d compatibility, %d del_token; %d tokens still valid\n",
		st.Requests, st.GetToken, st.Compatibility, st.DelToken, st.LiveTokens)
}
