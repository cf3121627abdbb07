// govcd-checks drives a running vcdsim with VMware's go-vcloud-director (govcd) v2.22.0, unmodified,
// through the high-level functions Terraform's vcd provider uses, and prints one line per check:
// "ok <name>" or "FAIL <name>: <reason>", then "N passed, N failed". It exits 1 when a check fails.
//
//	govcd-checks -url http://127.0.0.1:8080 [-insecure] [-run REGEX] [-skip REGEX] [-timeout 60s]
//
// Checks run in order and share state (the vApp made by one is powered on by the next); -run selects
// checks by name and brings in the checks they need. Every check has a deadline: govcd retries some
// calls for minutes, and a simulator bug must fail a check, not hang the run.
package main

import (
	"flag"
	"fmt"
	"math/rand"
	"net/url"
	"os"
	"regexp"
	"runtime/debug"
	"strings"
	"time"
)

type check struct {
	name  string
	needs []string
	fn    func(e *env) error
}

// httpsOnly are checks of govcd functions that work over HTTPS only: GetOrgById and GetAdminOrgById
// find the org's UUID in its href with `^https://…` (govcd's GetUuidFromHref), so over plain HTTP they
// never find anything, whatever the server says.
var httpsOnly = map[string]bool{"org/by-id": true, "org/admin-by-id": true,
	// AdminVdc.SetAssignedComputePolicies reads the VDC's UUID from its href the same way.
	"policy/assign-to-vdc": true, "policy/vm-sizing": true, "policy/cleanup": true,
	"placement/vm": true, "placement/cleanup": true}

type outcome int

const (
	notRun outcome = iota
	passed
	failed
)

func main() {
	rawURL := flag.String("url", "", "vcdsim base URL (http://127.0.0.1:8080 or https://…; /api is appended)")
	insecure := flag.Bool("insecure", false, "accept a self-signed certificate (vcdsim --tls)")
	runRe := flag.String("run", "", "run only the checks whose name matches this regular expression (and what they need)")
	skipRe := flag.String("skip", "", "leave out the checks whose name matches this regular expression")
	timeout := flag.Duration("timeout", 60*time.Second, "deadline of each check")
	list := flag.Bool("list", false, "list the checks and exit")
	flag.Parse()

	checks := append(beforeLogout(spliceBefore(allChecks(), "vm/delete-standalone", append(append(vmactChecks(), transferChecks()...), vmdiskChecks()...)), append(append(append(append(netChecks(), gatewayChecks()...), gatewayServiceChecks()...), gatewayMoreServiceChecks()...), spliceBefore(vdcGroupChecks(), "vdcgroup/cleanup", dfwChecks())...)), append(append(adminChecks(), policyChecks()...), subscriptionChecks()...)...)
	checks = append(checks, groupChecks()...)
	checks = append(checks, downloadChecks()...)
	if *list {
		for _, c := range checks {
			fmt.Println(c.name)
		}
		return
	}
	if *rawURL == "" {
		fmt.Fprintln(os.Stderr, "usage: govcd-checks -url URL [-insecure] [-run REGEX] [-skip REGEX] [-timeout D]")
		os.Exit(2)
	}
	base, err := url.Parse(strings.TrimRight(*rawURL, "/"))
	if err != nil || base.Host == "" {
		fmt.Fprintf(os.Stderr, "bad -url %q\n", *rawURL)
		os.Exit(2)
	}
	if !strings.HasSuffix(base.Path, "/api") {
		base.Path += "/api"
	}

	if base.Scheme != "https" {
		var plain []check
		for _, c := range checks {
			if !strings.HasPrefix(c.name, "tls/") && !httpsOnly[c.name] {
				plain = append(plain, c)
			}
		}
		checks = plain
	}
	selected, err := selectChecks(checks, *runRe, *skipRe)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}

	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	e := &env{base: *base, insecure: *insecure, run: fmt.Sprintf("%04x", rng.Intn(0x10000))}
	results := map[string]outcome{}
	pass, fail := 0, 0
	for _, c := range checks {
		if !selected[c.name] {
			continue
		}
		var err error
		for _, n := range c.needs {
			if results[n] != passed {
				err = fmt.Errorf("not run: needs %s, which did not pass", n)
				break
			}
		}
		if err == nil {
			err = runWithDeadline(c, e, *timeout)
		}
		if err != nil {
			results[c.name] = failed
			fail++
			fmt.Printf("FAIL %s: %s\n", c.name, oneLine(err.Error()))
		} else {
			results[c.name] = passed
			pass++
			fmt.Printf("ok %s\n", c.name)
		}
	}
	fmt.Printf("%d passed, %d failed\n", pass, fail)
	if fail > 0 {
		os.Exit(1)
	}
}

// selectChecks applies -run (with the checks the selected ones need, transitively) and -skip.
func selectChecks(checks []check, runRe, skipRe string) (map[string]bool, error) {
	byName := map[string]check{}
	for _, c := range checks {
		byName[c.name] = c
		for _, n := range c.needs {
			if _, ok := byName[n]; !ok {
				return nil, fmt.Errorf("check %s needs %s, which is not defined before it", c.name, n)
			}
		}
	}
	sel := map[string]bool{}
	var add func(string)
	add = func(name string) {
		if sel[name] {
			return
		}
		sel[name] = true
		for _, n := range byName[name].needs {
			add(n)
		}
	}
	var run, skip *regexp.Regexp
	var err error
	if runRe != "" {
		if run, err = regexp.Compile(runRe); err != nil {
			return nil, fmt.Errorf("bad -run: %s", err)
		}
	}
	if skipRe != "" {
		if skip, err = regexp.Compile(skipRe); err != nil {
			return nil, fmt.Errorf("bad -skip: %s", err)
		}
	}
	for _, c := range checks {
		if (run == nil || run.MatchString(c.name)) && (skip == nil || !skip.MatchString(c.name)) {
			add(c.name)
		}
	}
	return sel, nil
}

// runWithDeadline runs a check in its own goroutine; a panic (govcd dereferences what a document
// lacks) or the deadline fails it. A check past its deadline is abandoned, still running.
func runWithDeadline(c check, e *env, timeout time.Duration) error {
	done := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				stack := string(debug.Stack())
				done <- fmt.Errorf("panic: %v (%s)", r, panicSite(stack))
			}
		}()
		done <- c.fn(e)
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(timeout):
		return fmt.Errorf("no answer within %s (deadline)", timeout)
	}
}

// panicSite names the first govcd or checks frame of a panic's stack.
func panicSite(stack string) string {
	lines := strings.Split(stack, "\n")
	for i, l := range lines {
		if strings.Contains(l, "panic(") {
			for _, m := range lines[i+1:] {
				m = strings.TrimSpace(m)
				if strings.HasPrefix(m, "/") && (strings.Contains(m, "go-vcloud-director") || strings.Contains(m, "govcd")) {
					if j := strings.LastIndex(m, "/"); j >= 0 {
						m = m[j+1:]
					}
					return "at " + strings.Fields(m)[0]
				}
			}
		}
	}
	return "no site"
}

func oneLine(s string) string {
	// govcd appends a dump of the *http.Response to some errors: the status before it is enough.
	if i := strings.Index(s, " (&{Status:"); i >= 0 {
		s = s[:i] + " (" + strings.SplitN(s[i+len(" (&{Status:"):], " StatusCode:", 2)[0] + ")"
	}
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 600 {
		s = s[:600] + "…"
	}
	return s
}
