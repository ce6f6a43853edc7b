package yeastar

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// SIP trunk types and transports the provider offers.
var (
	TrunkTypes      = []string{TrunkTypeRegister, TrunkTypePeer}
	TrunkTransports = []string{"udp", "tcp", "tls"}
	// TrunkCodecs are the codec names of codec_sel: the audio and video codecs of the P-Series
	// web portal, by the names the PBX uses.
	TrunkCodecs = []string{"ulaw", "alaw", "g729", "g722", "gsm", "ilbc", "g726", "adpcm", "speex", "opus", "h264", "h263", "h263p", "vp8", "mpeg4"}
)

const (
	// TrunkTypeRegister is a trunk with which the PBX registers to the carrier, with a user name
	// and password; TrunkTypePeer one to which the carrier sends calls by address.
	TrunkTypeRegister = "register"
	TrunkTypePeer     = "peer"
	// DefaultSIPPort is a trunk's port when none is given.
	DefaultSIPPort = 5060
	// MinTrunkPasswordLength and MaxTrunkPasswordLength bound a trunk's password.
	MinTrunkPasswordLength, MaxTrunkPasswordLength = 8, 63
)

// Trunk is one SIP trunk: the PBX's connection to a carrier.
type Trunk struct {
	ID        int
	Name      string
	Enabled   bool   // enable, sent as the integer 0 or 1 (a boolean is answered -2)
	Type      string // one of TrunkTypes; cannot change
	Transport string // one of TrunkTransports
	Hostname  string
	Port      int
	Domain    string
	Username  string
	AuthName  string
	// Password is the registration password. It is sent only when not empty, and never read
	// back: trunk/get answers it, and the client drops it (see routingCodec.secretFields).
	Password string
	// Codecs are the codec names in order of preference; nil leaves the PBX's choice.
	Codecs                                 []string
	OutboundCallerID, OutboundCallerIDName string // def_outbound_cid, def_outbound_cid_name
}

// Trunks are the SIP trunk calls (trunk/*).
func (c *Client) Trunks() Routing[Trunk] { return Routing[Trunk]{c: c, codec: trunkCodec} }

var trunkCodec = &routingCodec[Trunk]{
	kind: KindTrunk,
	id:   func(t Trunk) int { return t.ID },
	key:  func(t Trunk) string { return t.Name },
	decode: func(record map[string]json.RawMessage) Trunk {
		return Trunk{
			ID: intField(record, "id"), Name: textField(record, "name"), Enabled: intField(record, "enable") == 1,
			Type: textField(record, "type"), Transport: textField(record, "transport"),
			Hostname: textField(record, "hostname"), Port: intField(record, "port"), Domain: textField(record, "domain"),
			Username: textField(record, "username"), AuthName: textField(record, "auth_name"),
			Codecs:           readCodecs(record),
			OutboundCallerID: textField(record, "def_outbound_cid"), OutboundCallerIDName: textField(record, "def_outbound_cid_name"),
		}
	},
	body: func(t Trunk) map[string]any {
		enable := 0
		if t.Enabled {
			enable = 1
		}
		body := map[string]any{
			"name": t.Name, "enable": enable, "type": t.Type, "transport": t.Transport, "hostname": t.Hostname, "port": t.Port,
			"domain": t.Domain, "username": t.Username, "auth_name": t.AuthName,
			"def_outbound_cid": t.OutboundCallerID, "def_outbound_cid_name": t.OutboundCallerIDName,
		}
		if t.Codecs != nil {
			body[trunkCodecField] = strings.Join(t.Codecs, trunkCodecSeparator)
		}
		if t.Password != "" {
			body[trunkPasswordField] = t.Password
		}
		return body
	},
	destinations: func(Trunk) map[string]Destination { return nil },
	secretFields: []string{trunkPasswordField},
}

// NOTE: set apart, since explainTrunkRefusal reads trunks through trunkCodec itself.
func init() { trunkCodec.explain = explainTrunkRefusal }

// readCodecs reads codec_sel as a string joined by commas, or as a JSON list of names.
func readCodecs(record map[string]json.RawMessage) []string {
	var list []string
	if raw, found := record[trunkCodecField]; found && json.Unmarshal(raw, &list) == nil {
		return list
	}
	out := []string{}
	for _, codec := range strings.Split(textField(record, trunkCodecField), trunkCodecSeparator) {
		if codec = strings.TrimSpace(codec); codec != "" {
			out = append(out, codec)
		}
	}
	return out
}

// explainTrunkRefusal names the trunk that holds the host and port of a refused create or
// update (70103).
func explainTrunkRefusal(ctx context.Context, c *Client, id int, want Trunk, err error) error {
	if !errors.Is(err, ErrAddressTaken) {
		return err
	}
	taken := &TrunkAddressTakenError{Hostname: want.Hostname, Port: want.Port, Err: err}
	if holder, findErr := c.TrunkAtAddress(ctx, want.Hostname, want.Port, id); findErr == nil && holder != nil {
		taken.Holder = holder
	}
	return taken
}

// TrunkAtAddress returns the trunk other than except that uses hostname (compared without
// case) and port, or nil. It reads every trunk (trunk/list and trunk/query).
func (c *Client) TrunkAtAddress(ctx context.Context, hostname string, port, except int) (*RoutingSummary, error) {
	all, err := c.SearchRouting(ctx, KindTrunk, "")
	if err != nil || len(all) == 0 {
		return nil, err
	}
	ids := make([]int, len(all))
	for i, s := range all {
		ids[i] = s.ID
	}
	trunks, err := c.Trunks().Query(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, t := range trunks {
		if t.ID != except && strings.EqualFold(t.Hostname, hostname) && t.Port == port {
			return &RoutingSummary{Kind: KindTrunk, ID: t.ID, Name: t.Name}, nil
		}
	}
	return nil, nil
}

// TrunkAddressTakenError is the PBX's refusal of a host and port another trunk uses (70103).
type TrunkAddressTakenError struct {
	Hostname string
	Port     int
	// Holder is the trunk that uses them; nil when it could not be found.
	Holder *RoutingSummary
	Err    error
}

func (e *TrunkAddressTakenError) Error() string {
	if e.Holder == nil {
		return fmt.Sprintf("another SIP trunk already uses host %s port %d: %v", e.Hostname, e.Port, e.Err)
	}
	return fmt.Sprintf("%s already uses host %s port %d: %v", e.Holder, e.Hostname, e.Port, e.Err)
}

func (e *TrunkAddressTakenError) Unwrap() error { return e.Err }

// CheckTrunkPassword checks a trunk's password against the PBX's rule: 8 to 63 characters.
// The message never holds the password.
func CheckTrunkPassword(password string) error {
	if n := len(password); n < MinTrunkPasswordLength || n > MaxTrunkPasswordLength {
		return fmt.Errorf("a SIP trunk's password is %d to %d characters, and this one has %d", MinTrunkPasswordLength, MaxTrunkPasswordLength, n)
	}
	return nil
}
