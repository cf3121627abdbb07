package vcdsimtest

import (
	"errors"
	"net/http"
	"testing"
	"time"
)

func get(t *testing.T, url string) int {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Accept", "application/*+xml;version=37.0")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	res.Body.Close()
	return res.StatusCode
}

func TestFaultClockReset(t *testing.T) {
	sim := Start(t)
	if h := sim.Health(t); h["status"] != "ok" {
		t.Fatalf("health: %v", h)
	}
	rule := sim.AddFault(t, Rule{"id": "down", "match": map[string]any{"path": "/api/versions"}, "action": map[string]any{"type": "error", "status": 503}, "duration": "2m"})
	if rule["state"] != "active" {
		t.Fatalf("rule: %v", rule)
	}
	if got := get(t, sim.URL+"/api/versions"); got != 503 {
		t.Fatalf("with the fault: %d, want 503", got)
	}
	sim.Advance(t, "2m")
	if got := get(t, sim.URL+"/api/versions"); got != 200 {
		t.Fatalf("after the window: %d, want 200", got)
	}
	listed := sim.Faults(t)
	sim.Reset(t)
	if n := len(sim.Faults(t)); n != 0 {
		t.Fatalf("after reset: %d rules", n)
	}
	// What Faults lists can be given back.
	back := sim.AddFault(t, listed[0])
	if back["id"] != "down" {
		t.Fatalf("added back: %v", back)
	}
	sim.AdvanceBy(t, 30*time.Second)
}

func TestErrorsAndScenarios(t *testing.T) {
	sim := Start(t)
	err := sim.Call("POST", "/faults", Rule{"action": map[string]any{"type": "eror"}}, nil)
	var e *Error
	if !errors.As(err, &e) || e.Status != 400 || len(e.Problems) == 0 {
		t.Fatalf("invalid rule: %v", err)
	}
	run := sim.StartScenario(t, "stall-then-fail", true)
	id, _ := run["id"].(string)
	var report map[string]any
	for i := 0; i < 100; i++ {
		report = sim.Scenario(t, id)
		if report["status"] != "running" {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if report["status"] != "passed" {
		t.Fatalf("scenario: %v", report["status"])
	}
}
