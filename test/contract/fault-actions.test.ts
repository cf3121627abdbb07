/**
 * The fault actions the code knows (src/faults/actions/, listed in its registry) and those the control
 * API's OpenAPI description lists agree, both ways, in the parts (openapi/paths/control.yaml) and in the
 * bundle (openapi/vcdsim.yaml); and the registry lists every action module once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { assembleSpec, BUNDLE_FILE, type OpenApiDoc } from '../../src/contract/spec.js';
import { PACKAGE_ROOT } from '../../src/config.js';
import { ACTIONS, ACTION_TYPES, actionModule } from '../../src/faults/actions/index.js';
import { ruleFromJson } from '../../src/faults/spec.js';

type Schema = { enum?: string[]; oneOf?: Schema[]; properties?: Record<string, Schema> };

/** Every action name the document lists: FaultAction's `type`, and the bare types a rule's `action` may be. */
function documented(doc: OpenApiDoc): { actionType: string[]; bareType: string[] } {
  const schemas = doc.components.schemas as Record<string, Schema>;
  const actionType = schemas.FaultAction?.properties?.type?.enum ?? [];
  const bareType = schemas.FaultRuleSpec?.properties?.action?.oneOf?.find((s) => s.enum)?.enum ?? [];
  return { actionType, bareType };
}

const sorted = (xs: readonly string[]) => [...xs].sort();

/** Actions the document lists that the code does not know, and the reverse. */
function disagreement(doc: OpenApiDoc): { unknown: string[]; undocumented: string[]; bareDiffers: boolean } {
  const { actionType, bareType } = documented(doc);
  return {
    unknown: actionType.filter((t) => !(ACTION_TYPES as string[]).includes(t)),
    undocumented: ACTION_TYPES.filter((t) => !actionType.includes(t)),
    bareDiffers: sorted(bareType).join() !== sorted(actionType).join(),
  };
}

const agreed = { unknown: [], undocumented: [], bareDiffers: false };

describe('fault actions: code and OpenAPI agree', () => {
  const known = sorted(ACTION_TYPES);

  it.each([
    ['openapi/paths', () => assembleSpec()],
    ['openapi/vcdsim.yaml (the bundle)', () => parse(readFileSync(BUNDLE_FILE, 'utf8'), { maxAliasCount: -1 }) as OpenApiDoc],
  ])('%s lists exactly the actions the code knows', (_where, read) => {
    const doc = read();
    expect(documented(doc).actionType.length).toBeGreaterThan(0);
    expect(disagreement(doc)).toEqual(agreed);
  });

  it('notices an action documented but unknown, and one known but undocumented', () => {
    const doc = structuredClone(assembleSpec());
    const schemas = doc.components.schemas as Record<string, Schema>;
    const types = schemas.FaultAction.properties!.type;
    types.enum = [...types.enum!.filter((t) => t !== 'exhaust'), 'cosmic-ray'];
    expect(disagreement(doc)).toEqual({ unknown: ['cosmic-ray'], undocumented: ['exhaust'], bareDiffers: true });
  });

  it('has one module per action, each in the registry once, named after its type', () => {
    expect(new Set(ACTION_TYPES).size).toBe(ACTIONS.length);
    const dir = join(PACKAGE_ROOT, 'src/faults/actions');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'action.ts').map((f) => f.slice(0, -3));
    expect(sorted(files)).toEqual(known);
    for (const t of known) expect(actionModule(t)?.type).toBe(t);
  });

  it('knows each action by its module: a bare type is parsed by it or asks for its fields', () => {
    for (const type of ACTION_TYPES) {
      let problems = '';
      try {
        ruleFromJson({ action: type });
      } catch (e) {
        problems = (e as Error).message;
      }
      expect(problems).not.toMatch(/is not one of/);
    }
  });
});
