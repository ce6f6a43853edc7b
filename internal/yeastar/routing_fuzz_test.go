package yeastar

import (
	"encoding/json"
	"errors"
	"strconv"
	"testing"
)

// FuzzDecodeRoutingData feeds the routing decoders what a PBX or a proxy might send as the
// data of X/get or X/query: one record or a list, numbers as strings, members and destinations
// of any shape. Decoding must not panic, must fail only with a ResponseError, and every record
// must decode into an object whose member IDs are positive and whose IVR keys are 0 to 9.
func FuzzDecodeRoutingData(f *testing.F) {
	for _, seed := range []string{
		`{"id":3,"number":"6300","name":"Reception","ring_strategy":"ring_all","ring_timeout":60,"member_list":[{"value":"103","type":"extension","text":"James Carter","text2":"1001"}],"fail_dest":"end_call","fail_dest_value":"","fail_dest_prefix":""}`,
		`[{"id":"4","number":6400,"static_agent_list":[{"value":105,"type":"extension"},{"value":"2","type":"ext_group"}],"agent_timeout":"30"}]`,
		`{"id":5,"press1_dest":"queue","press1_dest_value":4,"press9_dest":"play_greeting","press9_dest_value":"hold-on.wav","press9_dest_prefix":"2","timeout_dest":"ivr"}`,
		`[]`, `null`, `{}`, `"ivr"`, `[1,2]`, `{"member_list":"103"}`, `{"member_list":[{"value":"-1"},{"value":"x"},null]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c := &Client{secrets: &secrets{}}
		resp := &response{request: "GET /openapi/v1.0/ivr/get?id=1", status: 200, env: &envelope{Data: json.RawMessage(data)}}
		records, err := c.routingRecords(resp)
		if err != nil {
			var responseErr *ResponseError
			if !errors.As(err, &responseErr) {
				t.Fatalf("routingRecords failed with %T: %v", err, err)
			}
			return
		}
		for _, record := range records {
			group := ringGroupCodec.decode(record)
			queue := queueCodec.decode(record)
			ivr := ivrCodec.decode(record)
			for _, id := range append(append(group.MemberIDs, queue.StaticAgentIDs...), queue.DynamicAgentIDs...) {
				if id <= 0 {
					t.Fatalf("a member ID %d was read from %s", id, data)
				}
			}
			for key := range ivr.Keys {
				if n, err := strconv.Atoi(key); err != nil || n < 0 || n > 9 {
					t.Fatalf("an IVR key %q was read from %s", key, data)
				}
			}
		}
	})
}
