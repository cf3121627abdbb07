/** The response checker finds what it should (so a clean tour means something), and --validate-responses acts on it. */
import { newSim, login, client, xml } from '../support/sim.js';
import { checkerFor } from '../../src/contract/responses.js';
import { loadSpec } from '../../src/contract/spec.js';

const checker = checkerFor(loadSpec());
const V = 'xmlns="http://www.vmware.com/vcloud/v1.5"';
const link = '<Link rel="up" href="http://h/api/org/1" type="application/vnd.vmware.vcloud.org+xml"/>';
const task = (inner: string, attrs = '') =>
  `<Task ${V} cancelRequested="false" expiryTime="2024-07-30T10:15:30.000Z" operation="o" operationName="vappDeploy" serviceNamespace="com.vmware.vcloud" startTime="2024-05-01T10:15:30.000Z" status="running" name="task" id="urn:vcloud:task:1" href="http://h/api/task/1" type="application/vnd.vmware.vcloud.task+xml" ${attrs}>${inner}</Task>`;
const refs = '<Owner href="http://h/api/vApp/vapp-1" type="application/vnd.vmware.vcloud.vApp+xml"/><User href="http://h/api/admin/user/1"/><Organization href="http://h/api/org/1"/><Progress>40</Progress>';
const check = (body: string, o: { status?: number; type?: string; path?: string; method?: string } = {}) =>
  checker.check({
    method: o.method ?? 'GET',
    path: o.path ?? '/api/task/1',
    status: o.status ?? 200,
    contentType: o.type ?? 'application/vnd.vmware.vcloud.task+xml;version=37.0',
    body,
  }).problems;

describe('the response checker', () => {
  it('passes a conforming document', () => {
    expect(check(task(link + refs))).toEqual([]);
  });

  it('finds XML that does not fit the described shape', () => {
    expect(check(task(`<Link><rel>up</rel><href>http://h/</href></Link>${refs}`))).toEqual(
      expect.arrayContaining([expect.stringMatching(/unexpected element rel/)]),
    );
    expect(check(task(`<Progress>40</Progress>${link}<Owner href="http://h/api/vApp/vapp-1"/><User href="http://h/u"/><Organization href="http://h/o"/>`))).toEqual(
      expect.arrayContaining([expect.stringMatching(/out of order/)]),
    );
    expect(check(task(link + refs, 'colour="blue"'))).toEqual([expect.stringMatching(/unexpected attribute colour/)]);
    expect(check(task(link + refs).replace('status="running"', 'status="sleeping"'))).toEqual([expect.stringMatching(/\/status must be equal to one of the allowed values/)]);
    expect(check(task(link + refs.replace('<Progress>40</Progress>', '<Progress>forty</Progress>')))).toEqual([expect.stringMatching(/\/progress must be integer/)]);
    expect(check(task(link + refs.replace('<Organization href="http://h/api/org/1"/>', '')))).toEqual([expect.stringMatching(/must have required property 'organization'/)]);
  });

  it('finds wrong names and namespaces', () => {
    expect(check(task(link + refs).replace(`<Task ${V}`, '<Task xmlns="urn:other"'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/namespace "urn:other", expected "http:\/\/www.vmware.com\/vcloud\/v1.5"/)]),
    );
    expect(check(task(`${link}<ovf:Owner xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1" href="x"/>${refs}`))).toEqual(
      expect.arrayContaining([expect.stringMatching(/unexpected element ovf:Owner \(namespace http:\/\/schemas.dmtf.org\/ovf\/envelope\/1\)/)]),
    );
    expect(check(task(`${link}<x:Owner href="x"/>${refs}`))).toEqual(expect.arrayContaining([expect.stringMatching(/prefix "x" of x:Owner is not declared/)]));
    expect(check(`<Tasks ${V}/>`)).toEqual(expect.arrayContaining([expect.stringMatching(/root element is Tasks, expected Task/)]));
    expect(check('<Task><Link></Task>')).toEqual([expect.stringMatching(/not well-formed/)]);
  });

  it('finds JSON that does not fit', () => {
    const json = { otherAttributes: {}, majorErrorCode: 403, minorErrorCode: 'ACCESS_TO_RESOURCE_IS_FORBIDDEN', message: 'm' };
    const type = 'application/vnd.vmware.vcloud.error+json;version=37.0';
    expect(check(JSON.stringify(json), { status: 403, type })).toEqual([]);
    expect(check(JSON.stringify({ ...json, reason: 'x' }), { status: 403, type })).toEqual(['/ must NOT have additional properties: reason']);
    expect(check(JSON.stringify({ ...json, majorErrorCode: '403' }), { status: 403, type })).toEqual(['/majorErrorCode must be integer']);
    expect(check('{', { status: 403, type })).toEqual([expect.stringMatching(/not JSON/)]);
  });

  it('finds undocumented statuses and media types, and bodies where none is documented', () => {
    expect(check(task(link + refs), { status: 201 })).toEqual([expect.stringMatching(/status 201 is not documented for GET \/api\/task\/\{id\}/)]);
    expect(check(task(link + refs), { type: 'application/xml' })).toEqual([expect.stringMatching(/Content-Type "application\/xml" is not documented/)]);
    expect(check('x', { method: 'POST', path: '/api/task/1/action/cancel', status: 204, type: 'text/plain' })).toEqual([expect.stringMatching(/documented without a body/)]);
    // Error statuses nobody listed still have to be Error documents (the `default` answer).
    expect(check(task(link + refs), { status: 503, type: 'application/vnd.vmware.vcloud.error+xml' })).toEqual(
      expect.arrayContaining([expect.stringMatching(/root element is Task, expected Error/)]),
    );
  });

  it('matches paths as the router does: any case, optional trailing slash, literal segments first', () => {
    expect(checker.find('GET', '/API/ORG/')?.key).toBe('GET /api/org');
    expect(checker.find('GET', '/cloudapi/1.0.0/sessions/current')?.key).toBe('GET /cloudapi/1.0.0/sessions/current');
    expect(checker.find('GET', '/api/vAppTemplate/vappTemplate-1/owner')?.key).toBe('GET /api/vAppTemplate/vappTemplate-{id}/owner');
    expect(checker.find('GET', '/api/nothing')).toBeUndefined();
  });
});

describe('--validate-responses', () => {
  const vdcOf = async (validateResponses: boolean) => {
    const sim = await newSim({ validateResponses });
    const vdc = [...sim.store.all('vdc')].find((v) => v.name === 'acme-vdc')!;
    // A state no view should ever render: the document would break its schema.
    (vdc as { allocationModel: string }).allocationModel = 'Bartering';
    const c = client(sim, await login(sim, 'alice', 'acme'));
    return c.get(`/api/vdc/${vdc.id}`);
  };

  it('turns an answer that breaks the document into a 500 saying why', async () => {
    const res = await vdcOf(true);
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toBe('application/vnd.vmware.vcloud.error+xml;version=37.0');
    const err = xml(res.text).doc;
    expect(err.minorErrorCode).toBe('INTERNAL_SERVER_ERROR');
    expect(err.message).toMatch(/The answer \(200\) does not match the OpenAPI document for GET \/api\/vdc\/\{id\}: \/allocationModel must be equal to one of the allowed values/);
    expect(res.headers.location).toBeUndefined();
  });

  it('is off unless asked for', async () => {
    expect((await vdcOf(false)).status).toBe(200);
  });
});
