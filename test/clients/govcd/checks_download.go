package main

// A media downloaded as go-vcloud-director does it: Media.Download follows the media's `enable` link
// (enableDownload, a task it waits for), reads the media again, takes the `download:default` link of its
// Files and GETs the bytes. The simulator answers the uploaded bytes when it keeps them (--content-dir),
// else zeros of the media's size: either way exactly the media's size.

import (
	"bytes"
	"os"
	"path/filepath"
)

func downloadChecks() []check {
	return []check{
		{"download/media", nil, func(e *env) error {
			admin, err := e.login("acme-admin", "acme")
			if err != nil {
				return err
			}
			defer admin.Disconnect() //nolint:errcheck
			org, err := admin.GetOrgByName("acme")
			if err != nil {
				return err
			}
			catalog, err := org.GetCatalogByName("acme-catalog", true)
			if err != nil {
				return err
			}
			dir, err := os.MkdirTemp("", "govcd-download")
			if err != nil {
				return err
			}
			defer os.RemoveAll(dir)
			data := make([]byte, 40*1024)
			for i := range data {
				data[i] = byte(i*7 + 3)
			}
			copy(data[32769:], "CD001")
			path := filepath.Join(dir, "dl.iso")
			if err := os.WriteFile(path, data, 0o644); err != nil {
				return err
			}
			name := e.name("dl.iso")
			task, err := catalog.UploadMediaImage(name, "downloaded by govcd-checks", path, 1024)
			if err != nil {
				return err
			}
			if err := task.WaitTaskCompletion(); err != nil {
				return err
			}
			media, err := catalog.GetMediaByName(name, true)
			if err != nil {
				return err
			}
			if media.Media.Files != nil && len(media.Media.Files.File) > 0 {
				return fail("a media not enabled for download lists Files")
			}
			got, err := media.Download()
			if err != nil {
				return err
			}
			if len(got) != len(data) {
				return fail("Media.Download gave %d bytes, the media has %d", len(got), len(data))
			}
			if !bytes.Equal(got, data) && !bytes.Equal(got, make([]byte, len(data))) {
				return fail("Media.Download gave bytes that are neither the upload's nor zeros")
			}
			if err := media.Refresh(); err != nil {
				return err
			}
			if media.Media.Files == nil || len(media.Media.Files.File) != 1 || media.Media.Files.File[0].Size != int64(len(data)) {
				return fail("the enabled media's Files: %+v", media.Media.Files)
			}
			// A second Download enables again (VCD allows it) and reads the same bytes.
			again, err := media.Download()
			if err != nil {
				return err
			}
			if !bytes.Equal(again, got) {
				return fail("a second Media.Download gave other bytes")
			}
			del, err := media.Delete()
			if err != nil {
				return err
			}
			return del.WaitTaskCompletion()
		}},
	}
}
