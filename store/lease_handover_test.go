package store

import "testing"

func closed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// A release in this process wakes one waiter, the one waiting longest; one that left is
// skipped, and one woken but beaten to the lease keeps its place at the front.
func TestLeaseHandOverOrder(t *testing.T) {
	var r releaseSignals
	a, b, c := r.wait("x", false), r.wait("x", false), r.wait("x", false)
	other := r.wait("y", false)

	r.handOver("x")
	if !closed(a) || closed(b) || closed(c) || closed(other) {
		t.Fatalf("first release woke a=%v b=%v c=%v y=%v; want only a", closed(a), closed(b), closed(c), closed(other))
	}
	a2 := r.wait("x", true) // a lost the race to another instance: still first
	r.leave("x", b)         // b gave up
	r.handOver("x")
	if !closed(a2) || closed(c) {
		t.Fatalf("second release woke a=%v c=%v; want a again", closed(a2), closed(c))
	}
	r.leave("x", a2) // a got it this time (already out of the queue: no effect)
	r.handOver("x")
	if !closed(c) {
		t.Fatal("third release did not wake c")
	}
	r.leave("x", c)
	r.leave("y", other)
	if len(r.queues) != 0 {
		t.Errorf("queues left behind: %v", r.queues)
	}
	r.handOver("x") // nobody waiting: nothing happens
}
