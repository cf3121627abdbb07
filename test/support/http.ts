/** Test support for servers on a real socket: logging in as the SDKs do. */

/**
 * Logs in at a listening simulator and returns the bearer token: the CloudAPI provider endpoint for the
 * System org, the tenant endpoint otherwise (as go-vcloud-director and pyvcloud choose them).
 */
export async function loginAt(url: string, user: string, org: string, password = 'password'): Promise<string> {
  const path = org.toLowerCase() === 'system' ? '/cloudapi/1.0.0/sessions/provider' : '/cloudapi/1.0.0/sessions';
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { Accept: 'application/json;version=37.0', Authorization: `Basic ${Buffer.from(`${user}@${org}:${password}`).toString('base64')}` },
  });
  const token = res.headers.get('x-vmware-vcloud-access-token');
  if (res.status !== 200 || !token) throw new Error(`login ${user}@${org} at ${url} failed: ${res.status} ${await res.text()}`);
  return token;
}
