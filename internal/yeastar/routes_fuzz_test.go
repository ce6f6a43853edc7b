package yeastar

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzDecodeTrunkAndRouteRecords feeds the trunk and route decoders what trunk/get,
// inbound_route/get and outbound_route/get might answer. Whatever the bytes, decoding must not
// panic, and a trunk's password must reach the redaction set and no field of the result.
func FuzzDecodeTrunkAndRouteRecords(f *testing.F) {
	for _, seed := range []string{
		`{"id":3,"name":"Carrier","enable":1,"type":"register","transport":"udp","hostname":"sip.carrier.example","port":5060,"username":"office42","password":"Carrier-Secret-7731","codec_sel":"ulaw,alaw"}`,
		`{"id":"3","enable":"1","port":"5060","codec_sel":["g722","ulaw"],"password":12345678}`,
		`{"id":1,"name":"Main","did_pattern_list":[{"did_pattern":"5551234"},"555X"],"trunk_list":[{"id":3},{"value":"4"}],"def_dest":"ivr","def_dest_value":2,"enb_time_condition":1,"outoffice_time_dest":"ext_vm","outoffice_time_dest_value":"7","pos":2}`,
		`{"id":1,"dial_pattern_list":[{"pattern":"9.","strip":"1","prepend":1}],"ext_list":[{"id":"x"}],"pos":"1"}`,
		`{"did_pattern_list":{"did_pattern":"5"},"trunk_list":"3","dial_pattern_list":[1,2],"codec_sel":{"a":1}}`,
		`[]`, `null`, `{}`, `"trunk"`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c := &Client{secrets: &secrets{}}
		resp := &response{env: &envelope{Data: json.RawMessage(data)}}
		records, err := c.routingRecords(resp)
		if err != nil {
			return
		}
		for _, record := range records {
			password := textField(record, trunkPasswordField)
			trunks := Routing[Trunk]{c: c, codec: trunkCodec}
			trunks.learnSecrets(record, nil)
			trunk := trunkCodec.decode(record)
			if trunk.Password != "" {
				t.Fatalf("a decoded trunk holds a password")
			}
			if len(password) >= 8 && !strings.Contains(c.secrets.redact("x"+password+"x"), Redacted) && !isDigits(password) {
				t.Fatalf("the trunk's password did not reach the redaction set")
			}
			_ = inboundRouteCodec.decode(record)
			_ = outboundRouteCodec.decode(record)
			_ = trunkCodec.body(trunk)
		}
	})
}
