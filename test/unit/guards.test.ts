/** Hostile-input guards of the wire layer: XML 1.0-safe output, body shape scans ahead of the parsers. */
import { XMLValidator } from 'fast-xml-parser';
import { MAX_DEPTH, MAX_NODES, parseXml, scanXml, toXml, xmlSafe } from '../../src/wire/xml.js';
import { MAX_JSON_DEPTH, refuseDeepJson } from '../../src/wire/body.js';
import { VcdError } from '../../src/errors.js';
import { errorDoc, serialize } from '../../src/wire/render.js';

const NOT_XML_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF\uD800-\uDFFF]/;

describe('XML output', () => {
  it('replaces characters XML 1.0 forbids, in text and attribute values, and keeps the rest', () => {
    expect(xmlSafe('plain')).toBe('plain');
    expect(xmlSafe('tab\tnl\ncr\r')).toBe('tab\tnl\ncr\r');
    expect(xmlSafe('a\u0000b\u0001c\u001fd\u000be')).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFDe');
    expect(xmlSafe('\uFFFE\uFFFF')).toBe('\uFFFD\uFFFD');
    expect(xmlSafe('pair \uD83D\uDE00 lone \uD83D and \uDE00')).toBe('pair \uD83D\uDE00 lone \uFFFD and \uFFFD');
    expect(xmlSafe('ünïcödé €')).toBe('ünïcödé €');

    const text = toXml('Doc', { '@_name': 'a\u0001b', Child: { '#text': '\u0000x\u0007' }, Items: ['\u0002', 'ok'] });
    expect(XMLValidator.validate(text)).toBe(true);
    expect(NOT_XML_CHAR.test(text)).toBe(false);
    expect(text).toContain('name="a\uFFFDb"');
  });

  it('renders an Error document that echoes control characters as well-formed XML', () => {
    const bytes = serialize(errorDoc(new VcdError(404, 'RESOURCE_NOT_FOUND', 'No org "\u0001\u0000".'), 'id'), 'xml');
    const text = bytes.toString('utf8');
    expect(XMLValidator.validate(text)).toBe(true);
    expect(NOT_XML_CHAR.test(text)).toBe(false);
    // JSON escapes on its own.
    expect(JSON.parse(serialize(errorDoc(new VcdError(404, 'RESOURCE_NOT_FOUND', 'x\u0001'), 'id'), 'json').toString()).message).toContain('x\u0001');
  });
});

describe('XML request bodies', () => {
  const refused = (text: string) => {
    try {
      parseXml(text);
    } catch (e) {
      return e instanceof VcdError && e.status === 400 ? e.message : `unexpected ${String(e)}`;
    }
    return undefined;
  };

  it('measures depth and size in one pass, past quoted ">" and "/", comments, CDATA and declarations', () => {
    expect(scanXml('<?xml version="1.0"?><a x="1>2" y=\'/\'><b/><!-- <c> --><![CDATA[<d>]]><e>t</e></a>')).toEqual({ depth: 2, nodes: 5 });
    expect(scanXml('<a><b><c/></b></a>')).toEqual({ depth: 2, nodes: 3 });
    expect(scanXml('<a name="never closed').unclosedTag).toBe(true);
  });

  it('refuses deep, huge or endless bodies before parsing them, quickly', () => {
    const started = performance.now();
    expect(refused(`<a>${'<b>'.repeat(MAX_DEPTH - 1)}${'</b>'.repeat(MAX_DEPTH - 1)}</a>`)).toBeUndefined();
    expect(refused(`<a>${'<b>'.repeat(MAX_DEPTH)}${'</b>'.repeat(MAX_DEPTH)}</a>`)).toMatch(/deeper than/);
    expect(refused(`<a>${'<b>'.repeat(300_000)}`)).toMatch(/deeper than/);
    expect(refused(`<a>${'<b/>'.repeat(MAX_NODES)}</a>`)).toMatch(/more than/);
    expect(refused(`<a ${Array.from({ length: MAX_NODES }, (_, i) => `x${i}="1"`).join(' ')}/>`)).toMatch(/more than/);
    expect(refused(`<a name="${'x'.repeat(1_000_000)}`)).toMatch(/never closed/);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('keeps parser messages short', () => {
    const message = refused(`<a>${'<b>'.repeat(50)}`) ?? '';
    expect(message).toMatch(/not well-formed/);
    expect(message.length).toBeLessThan(300);
  });
});

describe('JSON request bodies', () => {
  const verify = (text: string) => () => refuseDeepJson(undefined, undefined, Buffer.from(text));

  it('refuses nesting deeper than the bound before parsing, counting only outside strings', () => {
    expect(verify(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`)).not.toThrow();
    expect(verify(`${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`)).toThrow(/deeper than/);
    expect(verify(`${'{"a":'.repeat(500_000)}`)).toThrow(VcdError);
    expect(verify(`{"s":"${'[{'.repeat(10_000)}","t":"\\"[[[","u":"\\\\"}`)).not.toThrow();
    expect(verify(`[${'"\\\\",'.repeat(100)}${'['.repeat(MAX_JSON_DEPTH)}]`)).toThrow(/deeper than/);
  });
});
