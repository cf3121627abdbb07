/** Loopback addresses: the control API trusts them, and uploads by link fetch only from them. */

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/** A host name or address on this machine (`localhost`, 127.x, ::1; URL hosts may come bracketed). */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || isLoopback(h);
}
