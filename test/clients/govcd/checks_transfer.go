package main

// An upload cut off by a fault, as go-vcloud-director meets it: a fault rule (added through vcdsim's control
// API) resets the connection after 500 bytes of the disk's chunk. govcd does not retry a failed chunk: its
// upload goroutine stops and UploadTask.GetUploadError says why, while the template keeps the bytes that
// arrived. The user (or Terraform, run again) deletes the half-uploaded item and uploads once more.

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"net/http"
	"path/filepath"
	"time"

	"github.com/vmware/go-vcloud-director/v2/govcd"
)

// control calls vcdsim's control API (a loopback client needs no token).
func control(e *env, method, path string, body interface{}) error {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return err
		}
	}
	req, err := http.NewRequest(method, e.base.Scheme+"://"+e.base.Host+"/_vcdsim"+path, bytes.NewReader(payload))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: e.insecure}}} // #nosec G402 -- vcdsim's self-signed certificate
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode >= 300 {
		return fail("control %s %s: %s", method, path, res.Status)
	}
	return nil
}

func transferChecks() []check {
	return []check{
		{"upload/ovf-reset-then-rerun", []string{"login/acme-admin"}, func(e *env) error {
			name, rule := e.name("tiny-reset"), e.name("go-reset")
			if err := control(e, http.MethodPost, "/faults", map[string]interface{}{
				"id": rule, "count": 1, "action": map[string]interface{}{"type": "reset", "afterBytes": 500},
				"match": map[string]interface{}{"method": "PUT", "path": "/transfer/*/*.vmdk", "user": "acme-admin"},
			}); err != nil {
				return err
			}
			defer control(e, http.MethodDelete, "/faults/"+rule, nil) //nolint:errcheck
			catalog, err := acmeCatalog(e, false)
			if err != nil {
				return err
			}
			ovf := filepath.Join(fixtures(), "tiny.ovf")
			task, err := catalog.UploadOvf(ovf, name, "cut off by a reset", 1024)
			if err != nil {
				return err
			}
			for deadline := time.Now().Add(20 * time.Second); task.GetUploadError() == nil; time.Sleep(50 * time.Millisecond) {
				if time.Now().After(deadline) {
					return fail("UploadOvf reported no error after its connection was reset")
				}
			}
			item, err := catalog.GetCatalogItemByName(name, true)
			if err != nil {
				return err
			}
			template, err := item.GetVAppTemplate()
			if err != nil {
				return err
			}
			got := int64(-1)
			if files := template.VAppTemplate.Files; files != nil {
				for _, f := range files.File {
					if f.Name == "tiny-disk1.vmdk" {
						got = f.BytesTransferred
					}
				}
			}
			if template.VAppTemplate.Status != 0 || got != 500 {
				return fail("after the reset: status %d, %d bytes of the disk transferred (want 0, 500)", template.VAppTemplate.Status, got)
			}
			// Run again: the half-uploaded item goes first (its import is canceled), then the same upload.
			if err := item.Delete(); err != nil {
				return err
			}
			for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
				if _, err := catalog.GetCatalogItemByName(name, true); err != nil {
					break
				}
				if time.Now().After(deadline) {
					return fail("the half-uploaded catalog item %s is still there", name)
				}
			}
			return uploadTiny(e, name, func(catalog *govcd.Catalog) error {
				task, err := catalog.UploadOvf(ovf, name, "uploaded again", 1024)
				if err != nil {
					return err
				}
				if err := task.WaitTaskCompletion(); err != nil {
					return err
				}
				return task.GetUploadError()
			})
		}},
	}
}
