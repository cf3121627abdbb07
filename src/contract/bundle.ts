/** `npm run openapi`: writes openapi/vcdsim.yaml, the assembled document in one file. */
import { writeFileSync } from 'node:fs';
import { assembleSpec, BUNDLE_FILE, BUNDLE_HEADER, toYaml } from './spec.js';

writeFileSync(BUNDLE_FILE, BUNDLE_HEADER + toYaml(assembleSpec()));
process.stdout.write(`wrote ${BUNDLE_FILE}\n`);
