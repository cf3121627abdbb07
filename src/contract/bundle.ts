/** `npm run openapi`: writes openapi/vcdsim.yaml and openapi/vcdsim.json, the assembled document in one file. */
import { writeFileSync } from 'node:fs';
import { assembleSpec, BUNDLE_FILE, BUNDLE_HEADER, BUNDLE_JSON, toJson, toYaml } from './spec.js';

const doc = assembleSpec();
writeFileSync(BUNDLE_FILE, BUNDLE_HEADER + toYaml(doc));
writeFileSync(BUNDLE_JSON, toJson(doc));
process.stdout.write(`wrote ${BUNDLE_FILE} and ${BUNDLE_JSON}\n`);
