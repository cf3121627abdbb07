/** What the twin tools write (journals, recordings) keeps no secret: passwords, tokens, pre-shared and private keys. */
import { REDACTED, redactHeaders, redactText } from '../../src/twin/redact.js';

it('redacts secret JSON fields and XML elements, and leaves other keys and values alone', () => {
  const json = JSON.stringify({ name: 'to-dc', preSharedKey: 'Psk-0f-the-DC', password: 'pw', privateKey: '-----BEGIN', key: 'owner', value: 'team' });
  expect(JSON.parse(redactText(json))).toEqual({ name: 'to-dc', preSharedKey: REDACTED, password: REDACTED, privateKey: REDACTED, key: 'owner', value: 'team' });
  const xml = '<User><Password>pw</Password><SharedSecret>s</SharedSecret><vcloud:PreSharedKey a="1">k</vcloud:PreSharedKey><Key>owner</Key></User>';
  expect(redactText(xml)).toBe(`<User><Password>${REDACTED}</Password><SharedSecret>${REDACTED}</SharedSecret><vcloud:PreSharedKey a="1">${REDACTED}</vcloud:PreSharedKey><Key>owner</Key></User>`);
  expect(redactText('Bearer eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl')).toBe(`Bearer ${REDACTED}`);
  expect(redactHeaders({ Authorization: 'Basic eA==', accept: 'application/json' })).toEqual({ Authorization: REDACTED, accept: 'application/json' });
});
