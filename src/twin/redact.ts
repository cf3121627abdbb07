/** Secrets out of what the twin tools write: credentials headers, password, secret and key fields, bearer tokens. */

export const REDACTED = '<redacted>';

const SECRET_HEADERS = new Set([
  'authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-vcloud-authorization', 'x-vmware-vcloud-access-token',
  'x-vmware-vcloud-token-type',
]);

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = SECRET_HEADERS.has(k.toLowerCase()) ? REDACTED : redactText(v);
  return out;
}

const JWT = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]{4,}/g;
const XML_SECRET = /<((?:[\w-]+:)?\w*(?:[Pp]assword|[Ss]ecret|[Tt]oken|[Ss]haredKey|[Pp]rivateKey))(\s[^>]*)?>[^<]*<\/\1>/g;
const JSON_SECRET = /("[\w-]*(?:[Pp]assword|[Ss]ecret|[Tt]oken|[Ss]haredKey|[Pp]rivateKey)"\s*:\s*)"(?:[^"\\]|\\.)*"/g;

/** Bodies: XML password/secret/token/pre-shared or private key elements, JSON fields of those names, and anything shaped like a JWT. */
export function redactText(text: string): string {
  return text
    .replace(XML_SECRET, (_m, tag: string, attrs = '') => `<${tag}${attrs}>${REDACTED}</${tag}>`)
    .replace(JSON_SECRET, (_m, key: string) => `${key}"${REDACTED}"`)
    .replace(JWT, REDACTED);
}
