/** The wire layer: Accept negotiation, XML rendering/parsing round trips, VCD's JSON form. */
import { negotiate } from '../../src/wire/negotiate.js';
import { parseXml, toXml, attr, child, children, text, parseBool } from '../../src/wire/xml.js';
import { toJsonValue } from '../../src/wire/json.js';
import { VcdError } from '../../src/errors.js';
import { xml } from '../support/sim.js';

describe('negotiate', () => {
  it.each([
    ['application/*+xml;version=37.0', 'xml', '37.0'],
    ['application/*+json;version=36.0', 'json', '36.0'],
    ['application/vnd.vmware.vcloud.vApp+xml;version=35.0', 'xml', '35.0'],
    ['application/json;version=37.0', 'json', '37.0'],
    ['application/*;version=37.0', 'xml', '37.0'],
    ['*/*', 'xml', '38.1'],
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'xml', '38.1'],
    // go-vcloud-director's duplicated, malformed second Accept on queries
    ['application/*+xml;version=37.0, vnd.vmware.vcloud.org+xml;version=37.0', 'xml', '37.0'],
    ['application/json;q=0.5, application/*+xml;version=33.0', 'xml', '33.0'],
  ])('%s → %s %s', (accept, format, version) => {
    expect(negotiate(accept, 'xml')).toEqual({ format, version });
  });

  it('falls back when there is no Accept header', () => {
    expect(negotiate(undefined, 'json')).toEqual({ format: 'json', version: '38.1' });
  });

  it('refuses unsupported versions and media types with 406', () => {
    for (const accept of ['application/*+xml;version=99.0', 'text/plain', 'image/png']) {
      const e = (() => { try { negotiate(accept, 'xml'); } catch (err) { return err; } })() as VcdError;
      expect(e).toBeInstanceOf(VcdError);
      expect(e.status).toBe(406);
    }
  });

  it('requires a version when strict', () => {
    expect(() => negotiate('application/*+xml', 'xml', true)).toThrow(/Missing API version/);
  });
});

describe('XML', () => {
  it('renders what it parses back, escaping text and attributes', () => {
    const out = toXml('VApp', {
      '@_xmlns': 'http://www.vmware.com/vcloud/v1.5',
      '@_name': 'a & b "quoted" <tag>',
      '@_status': 4,
      '@_deployed': true,
      Link: [{ '@_rel': 'up', '@_href': 'http://x/1' }, { '@_rel': 'down', '@_href': 'http://x/2' }],
      Description: 'x < y & z',
      Skipped: undefined,
    });
    const { root, doc } = xml(out);
    expect(root).toBe('VApp');
    expect(doc).toMatchObject({ name: 'a & b "quoted" <tag>', status: '4', deployed: 'true', Description: 'x < y & z' });
    expect(doc.Link.map((l: any) => l.rel)).toEqual(['up', 'down']);
    expect(out).not.toContain('Skipped');
  });

  it('parses any namespace prefix by local name', () => {
    const { root, doc } = parseXml(`<ns0:UndeployVAppParams xmlns:ns0="http://www.vmware.com/vcloud/v1.5" ns0:extra="1">
      <ns0:UndeployPowerAction>shutdown</ns0:UndeployPowerAction></ns0:UndeployVAppParams>`);
    expect(root).toBe('UndeployVAppParams');
    expect(text(doc, 'UndeployPowerAction')).toBe('shutdown');
    expect(attr(doc, 'extra')).toBe('1');
  });

  it('reads attributes, children and repeated children', () => {
    const { doc } = parseXml('<A x="1"><B n="1"/><B n="2"/><C>t</C></A>');
    expect(children(doc, 'B').map((b) => attr(b, 'n'))).toEqual(['1', '2']);
    expect(attr(child(doc, 'B'), 'n')).toBe('1');
    expect(text(doc, 'C')).toBe('t');
    expect(children(doc, 'Missing')).toEqual([]);
  });

  it('refuses DTDs (external entities, entity expansion) and malformed XML', () => {
    expect(() => parseXml('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>')).toThrow(/DOCTYPE/);
    expect(() => parseXml('<a><b></a>')).toThrow(VcdError);
    expect(() => parseXml('<a/><b/>')).toThrow(/one root element/);
  });

  it('accepts Python-style booleans', () => {
    expect(parseBool('False', true)).toBe(false);
    expect(parseBool('True', false)).toBe(true);
    expect(parseBool(undefined, true)).toBe(true);
    expect(() => parseBool('maybe', true)).toThrow(VcdError);
  });
});

describe('VCD JSON form', () => {
  it('lower-camel-cases names the JAXB way, keeps arrays for lists and adds otherAttributes', () => {
    const json = toJsonValue({
      '@_xmlns': 'http://www.vmware.com/vcloud/v1.5',
      '@_href': 'h',
      '@_status': 4,
      Link: { '@_rel': 'up' },
      VAppScopedLocalId: 'vm-1',
      MACAddress: '00:50:56:00:00:01',
      IsEnabled: true,
      ResourceEntities: { ResourceEntity: [{ '@_name': 'a' }] },
      'ovf:Info': 'i',
      '#jsonType': 'VAppType',
    });
    expect(json).toEqual({
      otherAttributes: {},
      href: 'h',
      status: 4,
      link: [{ otherAttributes: {}, rel: 'up' }],
      vAppScopedLocalId: 'vm-1',
      macAddress: '00:50:56:00:00:01',
      isEnabled: true,
      resourceEntities: { otherAttributes: {}, resourceEntity: [{ otherAttributes: {}, name: 'a' }] },
      info: 'i',
      _type: 'VAppType',
    });
  });

  it('keeps an attribute whose name a child element also takes (an OVF Property\'s value and Value)', () => {
    const property = { '@_ovf:key': 'k', '@_ovf:value': 'default', 'ovf:Label': 'L', 'ovf:Value': { '@_ovf:value': 'set' } };
    expect(toJsonValue(property)).toEqual({
      otherAttributes: {}, key: 'k', defaultValue: 'default', label: 'L', value: { otherAttributes: {}, value: 'set' },
    });
    // Without the element the attribute keeps its own name; other clashes keep both.
    expect(toJsonValue({ '@_ovf:value': 'default' })).toEqual({ otherAttributes: {}, value: 'default' });
    expect(toJsonValue({ '@_name': 'a', Name: 'b' })).toEqual({ otherAttributes: {}, nameAttribute: 'a', name: 'b' });
  });
});
