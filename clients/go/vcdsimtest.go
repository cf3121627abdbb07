// Package vcdsimtest starts or attaches to a vcdsim (VMware Cloud Director simulator) from Go tests and
// drives its control API: fault rules, the simulated clock, scenarios, reset. Standard library only.
//
//	func TestRetries(t *testing.T) {
//		sim := vcdsimtest.Start(t)            // or vcdsimtest.Attach(t, url) for a service container
//		sim.AddFault(t, vcdsimtest.Rule{"match": map[string]any{"org": "acme"}, "action": "partition", "duration": "2m"})
//		// … point go-vcloud-director at sim.URL …
//		sim.Advance(t, "2m") // the partition heals
//		sim.Reset(t)
//	}
//
// Start runs $VCDSIM_COMMAND (e.g. "node /path/to/vcdsim/dist/cli.js"), else `npx vcdsim`, on a free
// loopback port with the clock frozen, and stops it when the test ends. With $VCDSIM_URL set it attaches
// to that simulator instead; the control token comes from $VCDSIM_CONTROL_TOKEN.
package vcdsimtest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Rule is a fault rule as the control API takes it (see the README, "Fault injection").
type Rule = map[string]any

// Sim is one simulator: its URL (give it to your VCD client) and its control API.
type Sim struct {
	URL    string
	Token  string
	client *http.Client
}

// Error is the control API's refusal: its status, message and the invalid fields.
type Error struct {
	Status   int
	Message  string
	Problems []map[string]any
}

func (e *Error) Error() string { return fmt.Sprintf("vcdsim control API: %d: %s", e.Status, e.Message) }

// Start starts vcdsim for this test (or attaches to $VCDSIM_URL) and stops it when the test ends.
// Extra command-line flags may follow (e.g. "--fixture", "my-cloud.yaml").
func Start(t testing.TB, args ...string) *Sim {
	t.Helper()
	if u := os.Getenv("VCDSIM_URL"); u != "" {
		return Attach(t, u)
	}
	command := strings.Fields(os.Getenv("VCDSIM_COMMAND"))
	if len(command) == 0 {
		command = []string{"npx", "--no-install", "vcdsim"}
	}
	argv := append(append(command[1:], "--port", "0", "--host", "127.0.0.1", "--speed", "0"), args...)
	cmd := exec.Command(command[0], argv...)
	cmd.Env = append(os.Environ(), "VCDSIM_LOG_LEVEL=warn")
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatalf("vcdsim: %v", err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("vcdsim: cannot start %v: %v", command, err)
	}
	stop := func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	}
	lines := make(chan string, 1)
	reader := bufio.NewReader(out)
	go func() {
		line, _ := reader.ReadString('\n')
		lines <- line
		_, _ = io.Copy(io.Discard, reader) // scenario progress: never let the pipe fill
	}()
	var line string
	select {
	case line = <-lines:
	case <-time.After(30 * time.Second):
	}
	const prefix = "vcdsim listening on "
	if !strings.HasPrefix(line, prefix) {
		stop()
		t.Fatalf("vcdsim did not start (%v): %q", command, line)
	}
	t.Cleanup(stop)
	return &Sim{URL: strings.TrimSpace(strings.TrimPrefix(line, prefix)), client: &http.Client{Timeout: 30 * time.Second}}
}

// Attach drives a simulator that is already running, e.g. a CI service container.
func Attach(t testing.TB, url string) *Sim {
	t.Helper()
	return &Sim{URL: strings.TrimRight(url, "/"), Token: os.Getenv("VCDSIM_CONTROL_TOKEN"), client: &http.Client{Timeout: 30 * time.Second}}
}

// Call sends one control API request (path under /_vcdsim) and decodes the answer into out (if not nil).
func (s *Sim) Call(method, path string, body, out any) error {
	var reader io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		reader = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.URL+"/_vcdsim"+path, reader)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if s.Token != "" {
		req.Header.Set("X-VCDSIM-Control-Token", s.Token)
	}
	res, err := s.client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	text, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode >= 400 {
		var e struct {
			Error struct {
				Message  string           `json:"message"`
				Problems []map[string]any `json:"problems"`
			} `json:"error"`
		}
		_ = json.Unmarshal(text, &e)
		if e.Error.Message == "" {
			e.Error.Message = strings.TrimSpace(string(text))
		}
		return &Error{Status: res.StatusCode, Message: e.Error.Message, Problems: e.Error.Problems}
	}
	if out != nil && len(text) > 0 {
		return json.Unmarshal(text, out)
	}
	return nil
}

func (s *Sim) must(t testing.TB, method, path string, body, out any) {
	t.Helper()
	if err := s.Call(method, path, body, out); err != nil {
		t.Fatalf("%s /_vcdsim%s: %v", method, path, err)
	}
}

// Health is GET /_vcdsim/health.
func (s *Sim) Health(t testing.TB) map[string]any {
	t.Helper()
	var h map[string]any
	s.must(t, "GET", "/health", nil, &h)
	return h
}

// AddFault adds a rule and returns it as the simulator holds it (with its id and state).
func (s *Sim) AddFault(t testing.TB, rule Rule) map[string]any {
	t.Helper()
	var added map[string]any
	s.must(t, "POST", "/faults", rule, &added)
	return added
}

// Faults lists the rules; what it returns can be given back to AddFault as it is.
func (s *Sim) Faults(t testing.TB) []map[string]any {
	t.Helper()
	var rules []map[string]any
	s.must(t, "GET", "/faults", nil, &rules)
	return rules
}

// RemoveFault removes one rule.
func (s *Sim) RemoveFault(t testing.TB, id string) {
	t.Helper()
	s.must(t, "DELETE", "/faults/"+url.PathEscape(id), nil, nil)
}

// Advance moves simulated time on by a duration such as "90s", "2m" or "1h30m".
func (s *Sim) Advance(t testing.TB, by string) map[string]any {
	t.Helper()
	var clock map[string]any
	s.must(t, "POST", "/clock/advance", map[string]any{"by": by}, &clock)
	return clock
}

// AdvanceBy moves simulated time on by a Go duration.
func (s *Sim) AdvanceBy(t testing.TB, d time.Duration) map[string]any {
	t.Helper()
	var clock map[string]any
	s.must(t, "POST", "/clock/advance", map[string]any{"seconds": d.Seconds()}, &clock)
	return clock
}

// SetSpeed sets simulated seconds per real second (0 freezes the clock).
func (s *Sim) SetSpeed(t testing.TB, speed float64) {
	t.Helper()
	s.must(t, "POST", "/clock/speed", map[string]any{"speed": speed}, nil)
}

// StartScenario starts an example scenario by name; fastForward jumps its timed waits.
func (s *Sim) StartScenario(t testing.TB, name string, fastForward bool) map[string]any {
	t.Helper()
	var run map[string]any
	s.must(t, "POST", "/scenarios", map[string]any{"name": name, "speed": 0, "fastForward": fastForward}, &run)
	return run
}

// Scenario reads a run's report.
func (s *Sim) Scenario(t testing.TB, id string) map[string]any {
	t.Helper()
	var run map[string]any
	s.must(t, "GET", "/scenarios/"+url.PathEscape(id), nil, &run)
	return run
}

// Reset puts the simulator back to its fixture: inventory, no fault rules, empty logs.
func (s *Sim) Reset(t testing.TB) {
	t.Helper()
	s.must(t, "POST", "/reset", nil, nil)
}
