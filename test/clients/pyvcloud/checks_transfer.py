"""Uploads under faults and template downloads through pyvcloud (called from checks.py).

The faults are fault rules added through vcdsim's control API (loopback: no token), each for one request:
a connection reset after 1000 bytes of a disk chunk, which pyvcloud does not retry (requests raises), so the
user runs the upload again after deleting the half-uploaded item; in that run a 503 on a disk chunk, which
`Client.upload_fragment` retries (it retries any non-200 answer, up to 5 times). `Org.download_catalog_item`
enables the download and packs the descriptor and the disk into an OVA.
"""
import os
import shutil
import tarfile
import tempfile

import requests

from pyvcloud.vcd.exceptions import UploadException
from pyvcloud.vcd.org import Org

from checks_vmact import CATALOG, FIXTURES, make_ova


def run(ck, raises):
    s = ck.state

    def control(method, path, body=None):
        res = requests.request(method, ck.url + '/_vcdsim' + path, json=body, verify=ck.verify, timeout=10)
        assert res.status_code < 300, f'control {method} {path}: {res.status_code} {res.text[:200]}'
        return res.json() if res.content else None

    def upload(c, name):
        work = tempfile.mkdtemp()
        try:
            ova = os.path.join(work, 'tiny.ova')
            make_ova(ova)
            return Org(c, resource=c.get_org()).upload_ovf(CATALOG, ova, item_name=name, description='under a fault')
        finally:
            shutil.rmtree(work)

    def template_of(c, name):
        return c.get_resource(Org(c, resource=c.get_org()).get_catalog_item(CATALOG, name).Entity.get('href'))

    disk_bytes = os.path.getsize(os.path.join(FIXTURES, 'tiny-disk1.vmdk'))
    rerun = ck.name('tiny-rerun')
    chunk_rule = {'match': {'method': 'PUT', 'path': '/transfer/*/*.vmdk', 'user': 'acme-admin'}, 'count': 1}

    def reset_then_rerun():
        c = s['login.36.0.acme-admin']
        reset, unavailable = ck.name('py-reset'), ck.name('py-503')
        control('POST', '/faults', {**chunk_rule, 'id': reset, 'action': {'type': 'reset', 'afterBytes': 1000}})
        try:
            raises(UploadException, lambda: upload(c, rerun), 'upload_ovf with its connection reset')
        finally:
            control('DELETE', '/faults/' + reset)
        t = template_of(c, rerun)
        disk = [f for f in t.Files.File if f.get('name') == 'tiny-disk1.vmdk'][0]
        assert t.get('status') == '0' and disk.get('bytesTransferred') == '1000', \
            f'after the reset: status {t.get("status")}, {disk.get("bytesTransferred")} bytes of the disk'
        # The user runs the upload again: the half-uploaded item goes first (its import is canceled). This time a
        # chunk is answered 503, which upload_fragment retries.
        Org(c, resource=c.get_org()).delete_catalog_item(CATALOG, rerun)
        control('POST', '/faults', {**chunk_rule, 'id': unavailable, 'action': {'type': 'error', 'status': 503}})
        try:
            sent = upload(c, rerun)
            fired = control('GET', '/faults/' + unavailable)['fired']
        finally:
            control('DELETE', '/faults/' + unavailable)
        assert fired == 1, f'the 503 rule fired {fired} times'
        assert sent > disk_bytes, f'upload_ovf reported {sent} bytes'
        assert template_of(c, rerun).get('status') == '8', 'template status after the upload ran again'
        s['download.item'] = rerun
    ck.check('upload.ovf.reset-then-rerun', reset_then_rerun, needs=['login.36.0.acme-admin'], timeout=60)

    def download():
        c = s['login.36.0.acme-admin']
        org = Org(c, resource=c.get_org())
        work = tempfile.mkdtemp()
        try:
            ova = os.path.join(work, 'downloaded.ova')
            written = org.download_catalog_item(CATALOG, s['download.item'], ova)
            assert written == os.path.getsize(ova) and written > disk_bytes, f'download_catalog_item wrote {written} bytes'
            with tarfile.open(ova) as tar:
                members = {m.name: m.size for m in tar.getmembers()}
                descriptor = tar.extractfile('descriptor.ovf').read().decode()
            assert members.get('tiny-disk1.vmdk') == disk_bytes, f'OVA members {members}'
            assert 'tiny-disk1.vmdk' in descriptor and '<ovf:Name>tiny</ovf:Name>' in descriptor, 'descriptor names the disk and the VM'
            t = template_of(c, s['download.item'])
            assert any(link.get('rel') == 'download:default' for link in t.Link), 'download:default link after enabling'
            org.delete_catalog_item(CATALOG, s['download.item'])
        finally:
            shutil.rmtree(work)
    ck.check('download.ovf', download, needs=['upload.ovf.reset-then-rerun'], timeout=60)
