/** A self-signed certificate for `--tls` when no --cert/--key is given (clients run with "insecure"). */

export async function selfSignedCertificate(host: string): Promise<{ cert: string; key: string }> {
  // Loaded only here: selfsigned and its X.509 stack cost about a tenth of a plain start.
  const { generate } = await import('selfsigned');
  const names = new Set(['localhost', host]);
  const altNames = [...names].map((n) =>
    /^[\d.]+$/.test(n) || n.includes(':') ? { type: 7 as const, ip: n } : { type: 2 as const, value: n },
  );
  altNames.push({ type: 7, ip: '127.0.0.1' });
  const pems = await generate([{ name: 'commonName', value: 'vcdsim' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames }],
  });
  return { cert: pems.cert, key: pems.private };
}
