package yeastar

import "encoding/json"

// Ring strategies of a queue.
var QueueStrategies = []string{"ring_all", "least_recent", "fewest_calls", "random", "rrmemory", "linear"}

// MaxQueueWaitTime is the longest max_wait_time the guide allows, in seconds (0: no limit).
const MaxQueueWaitTime = 9999999

// Queue is one call queue: callers wait until an agent answers.
type Queue struct {
	ID           int
	Number, Name string
	Strategy     string // ring_strategy, one of QueueStrategies
	// StaticAgentIDs are always logged in; DynamicAgentIDs may log in and out themselves.
	StaticAgentIDs, DynamicAgentIDs []int
	MaxWaitTime                     int // seconds, 0 for no limit
	// AgentTimeout, RetryTime and WrapUpTime are seconds; nil leaves the PBX's value (they are
	// not sent at create).
	AgentTimeout, RetryTime, WrapUpTime *int
	// Failover is where calls go after MaxWaitTime (fail_dest).
	Failover Destination
}

// Queues are the queue calls (queue/*). queue/list answers under queue_list.
func (c *Client) Queues() Routing[Queue] { return Routing[Queue]{c: c, codec: queueCodec} }

var queueCodec = &routingCodec[Queue]{
	kind: KindQueue,
	id:   func(q Queue) int { return q.ID },
	key:  func(q Queue) string { return q.Number },
	decode: func(record map[string]json.RawMessage) Queue {
		seconds := func(field string) *int {
			if _, found := record[field]; !found {
				return nil
			}
			v := intField(record, field)
			return &v
		}
		return Queue{
			ID: intField(record, "id"), Number: textField(record, "number"), Name: textField(record, "name"),
			Strategy:       textField(record, "ring_strategy"),
			StaticAgentIDs: readMembers(record, "static_agent_list"), DynamicAgentIDs: readMembers(record, "dynamic_agent_list"),
			MaxWaitTime:  intField(record, "max_wait_time"),
			AgentTimeout: seconds("agent_timeout"), RetryTime: seconds("retry_time"), WrapUpTime: seconds("wrap_up_time"),
			Failover: readDestination(record, "fail"),
		}
	},
	body: func(q Queue) map[string]any {
		body := map[string]any{
			"number": q.Number, "name": q.Name, "ring_strategy": q.Strategy,
			"static_agent_list": membersField(q.StaticAgentIDs), "dynamic_agent_list": membersField(q.DynamicAgentIDs),
			"max_wait_time": q.MaxWaitTime,
		}
		for field, v := range map[string]*int{"agent_timeout": q.AgentTimeout, "retry_time": q.RetryTime, "wrap_up_time": q.WrapUpTime} {
			if v != nil {
				body[field] = *v
			}
		}
		destinationFields(body, "fail", q.Failover)
		return body
	},
	destinations: func(q Queue) map[string]Destination { return map[string]Destination{"failover": q.Failover} },
}
