"""pyvcloud's download of a media item (called from checks.py, after the rest, with its own login).

`Org.download_catalog_item` reads the media, finds no `Files` (so the download must be enabled), posts to its
`enable` link (enableDownload, a task it waits for), reads the media again and GETs the href of
`Files.File.Link` into a file. The simulator answers the uploaded bytes when it keeps them (--content-dir),
else zeros of the media's size: either way exactly the media's size.
"""
import os
import shutil
import tempfile

from pyvcloud.vcd.org import Org

from checks_vmact import CATALOG


def run_download(ck):
    s = ck.state

    def download_media():
        c = ck.login('acme-admin', 'acme')
        s['download.admin'] = c
        org = Org(c, resource=c.get_org())
        name = ck.name('dl') + '.iso'
        work = tempfile.mkdtemp()
        try:
            data = bytearray((i * 7 + 3) & 0xff for i in range(40 * 1024))
            data[32769:32774] = b'CD001'
            path = os.path.join(work, 'dl.iso')
            with open(path, 'wb') as f:
                f.write(data)
            assert org.upload_media(CATALOG, path, item_name=name) == len(data), 'upload_media'
            item = Org(c, resource=c.get_org()).get_catalog_item(CATALOG, name)
            media = c.get_resource(item.Entity.get('href'))
            assert not hasattr(media, 'Files'), 'a media not enabled for download lists Files'
            out = os.path.join(work, 'out.iso')
            written = org.download_catalog_item(CATALOG, name, out)
            with open(out, 'rb') as f:
                got = f.read()
            assert written == len(data) == len(got), f'download_catalog_item wrote {written} bytes of {len(data)}'
            assert got == bytes(data) or got == bytes(len(data)), 'the bytes are neither the upload\'s nor zeros'
            media = c.get_resource(item.Entity.get('href'))
            link = media.Files.File.Link
            assert link.get('rel') == 'download:default' and media.Files.File.get('size') == str(len(data)), 'Files after enabling'
            # Enabled now: a second download goes straight to the file.
            again = os.path.join(work, 'again.iso')
            assert org.download_catalog_item(CATALOG, name, again) == len(data), 'second download'
            org.delete_catalog_item(CATALOG, name)
        finally:
            shutil.rmtree(work)
            s['download.admin'].logout()
    ck.check('download.media', download_media, timeout=60)
