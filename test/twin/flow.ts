/** A client flow over plain fetch, as an SDK would drive it: log in, find things by query, instantiate, power on. */
export const JSONV = 'application/*+json;version=37.0';

export interface Flow {
  base: string;
  token: string;
}

export async function flowLogin(base: string, user: string, org: string, password: string): Promise<Flow> {
  await fetch(`${base}/api/versions`, { headers: { accept: 'application/*+xml' } }).then((r) => r.text());
  const path = org.toLowerCase() === 'system' ? '/cloudapi/1.0.0/sessions/provider' : '/cloudapi/1.0.0/sessions';
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { accept: 'application/json;version=37.0', authorization: `Basic ${Buffer.from(`${user}@${org}:${password}`).toString('base64')}` },
  });
  await res.text();
  if (res.status !== 200) throw new Error(`login ${res.status}`);
  return { base, token: res.headers.get('x-vmware-vcloud-access-token')! };
}

export async function call(f: Flow, method: string, href: string, body?: { type: string; text: string }): Promise<{ status: number; doc: any }> {
  const url = href.startsWith('http') ? href : `${f.base}${href}`;
  const headers: Record<string, string> = { accept: JSONV, authorization: `Bearer ${f.token}` };
  if (body) headers['content-type'] = `${body.type};version=37.0`;
  const res = await fetch(url, { method, headers, body: body?.text });
  const text = await res.text();
  return { status: res.status, doc: text ? JSON.parse(text) : undefined };
}

export async function waitTask(f: Flow, task: any): Promise<any> {
  for (let i = 0; i < 400; i++) {
    const t = (await call(f, 'GET', task.href)).doc;
    if (!['queued', 'preRunning', 'running'].includes(t.status)) return t;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('task did not finish');
}

const record = async (f: Flow, type: string, name: string) => {
  const q = await call(f, 'GET', `/api/query?type=${type}&format=records&filter=${encodeURIComponent(`name==${name}`)}`);
  const r = q.doc.record?.[0];
  if (!r) throw new Error(`no ${type} ${name}`);
  return r;
};

/** Instantiates a template into a VDC on an org network and powers it on; returns the final vApp document. */
export async function deployVApp(f: Flow, opts: { vdc: string; template: string; network: string; name: string; powerOn?: boolean }): Promise<any> {
  const vdc = await record(f, 'orgVdc', opts.vdc);
  const template = await record(f, 'vAppTemplate', opts.template);
  const net = await record(f, 'orgVdcNetwork', opts.network);
  const tdoc = (await call(f, 'GET', template.href)).doc;
  const tnet = tdoc.networkConfigSection.networkConfig[0].networkName;
  const text = `<?xml version="1.0" encoding="UTF-8"?>
<InstantiateVAppTemplateParams xmlns="http://www.vmware.com/vcloud/v1.5" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1" name="${opts.name}" deploy="true" powerOn="${opts.powerOn ?? false}">
  <Description>deployed by the flow</Description>
  <InstantiationParams><NetworkConfigSection><ovf:Info>vApp networks</ovf:Info>
    <NetworkConfig networkName="${tnet}"><Configuration><ParentNetwork href="${net.href}"/><FenceMode>bridged</FenceMode></Configuration></NetworkConfig>
  </NetworkConfigSection></InstantiationParams>
  <Source href="${template.href}"/>
  <AllEULAsAccepted>true</AllEULAsAccepted>
</InstantiateVAppTemplateParams>`;
  const res = await call(f, 'POST', `${vdc.href}/action/instantiateVAppTemplate`, { type: 'application/vnd.vmware.vcloud.instantiateVAppTemplateParams+xml', text });
  if (res.status !== 201) throw new Error(`instantiate ${res.status} ${JSON.stringify(res.doc)}`);
  const task = res.doc.tasks.task[0];
  const done = await waitTask(f, task);
  if (done.status !== 'success') throw new Error(`instantiate task ${done.status}`);
  return (await call(f, 'GET', res.doc.href)).doc;
}
