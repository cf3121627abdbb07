#!/usr/bin/env node
/** The `vcdsim` command: flags and VCDSIM_* environment variables → config → a listening simulator. */
import { parseArgs } from 'node:util';
import { defaultConfig, type Config, type LogLevel } from './config.js';
import { Simulator } from './sim.js';

const HELP = `vcdsim — a VMware Cloud Director API simulator

Usage: vcdsim [options]

Options (each also settable by the environment variable shown):
  --port N            port to listen on (default 8080, 8443 with --tls)     VCDSIM_PORT
  --host ADDR         address to bind (default 127.0.0.1)                   VCDSIM_HOST
  --fixture FILE      inventory file, YAML or JSON (default fixtures/default.yaml)
                                                                            VCDSIM_FIXTURE
  --data FILE         persist state in this JSON file (lowdb); survives restarts
                                                                            VCDSIM_DATA
  --seed N            seed for ids, jitter and probabilistic faults (default 1)
                                                                            VCDSIM_SEED
  --speed X           simulated seconds per real second (default 1; 0 freezes time)
                                                                            VCDSIM_SPEED
  --log-level LEVEL   silent | error | warn | info | debug (default info)   VCDSIM_LOG_LEVEL
  --tls               serve HTTPS with a generated self-signed certificate  VCDSIM_TLS=1
  --cert FILE         TLS certificate (PEM), with --key                     VCDSIM_CERT
  --key FILE          TLS private key (PEM), with --cert                    VCDSIM_KEY
  --session-idle MIN  idle minutes before a session expires (default 30)    VCDSIM_SESSION_IDLE
  --strict-version    require ;version= in Accept, as real VCD does         VCDSIM_STRICT_VERSION=1
  --public-url URL    base URL for hrefs when behind a proxy                VCDSIM_PUBLIC_URL
  --validate-responses
                      check every answer against the OpenAPI document; a mismatch
                      becomes a 500 saying what is wrong                    VCDSIM_VALIDATE_RESPONSES=1
  --no-request-validation
                      do not check requests against the OpenAPI document    VCDSIM_REQUEST_VALIDATION=0
  -h, --help          show this help

Once ready it prints one line: vcdsim listening on http://HOST:PORT
`;

const LEVELS: LogLevel[] = ['silent', 'error', 'warn', 'info', 'debug'];

export function configFrom(argv: string[], env: NodeJS.ProcessEnv): Config | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      fixture: { type: 'string' },
      data: { type: 'string' },
      seed: { type: 'string' },
      speed: { type: 'string' },
      'log-level': { type: 'string' },
      tls: { type: 'boolean' },
      cert: { type: 'string' },
      key: { type: 'string' },
      'session-idle': { type: 'string' },
      'strict-version': { type: 'boolean' },
      'public-url': { type: 'string' },
      'validate-responses': { type: 'boolean' },
      'no-request-validation': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const pick = (flag: string | undefined, name: string) => flag ?? env[`VCDSIM_${name}`];
  const flagOn = (flag: boolean | undefined, name: string) => flag ?? /^(1|true|yes)$/i.test(env[`VCDSIM_${name}`] ?? '');
  const num = (value: string | undefined, what: string, fallback: number) => {
    if (value === undefined || value === '') return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${what} must be a non-negative number, got "${value}"`);
    return n;
  };
  const c = defaultConfig();
  c.tls = flagOn(values.tls, 'TLS');
  c.port = num(pick(values.port, 'PORT'), '--port', c.tls ? 8443 : 8080);
  c.host = pick(values.host, 'HOST') ?? c.host;
  c.fixture = pick(values.fixture, 'FIXTURE') ?? c.fixture;
  c.dataFile = pick(values.data, 'DATA') || undefined;
  c.seed = num(pick(values.seed, 'SEED'), '--seed', c.seed);
  c.speed = num(pick(values.speed, 'SPEED'), '--speed', c.speed);
  c.cert = pick(values.cert, 'CERT');
  c.key = pick(values.key, 'KEY');
  c.sessionIdleMinutes = num(pick(values['session-idle'], 'SESSION_IDLE'), '--session-idle', c.sessionIdleMinutes);
  c.strictVersion = flagOn(values['strict-version'], 'STRICT_VERSION');
  c.publicUrl = pick(values['public-url'], 'PUBLIC_URL');
  c.validateResponses = flagOn(values['validate-responses'], 'VALIDATE_RESPONSES');
  c.validateRequests = !(values['no-request-validation'] ?? /^(0|false|no)$/i.test(env.VCDSIM_REQUEST_VALIDATION ?? ''));
  const level = pick(values['log-level'], 'LOG_LEVEL') ?? c.logLevel;
  if (!LEVELS.includes(level as LogLevel)) throw new Error(`--log-level must be one of ${LEVELS.join(', ')}`);
  c.logLevel = level as LogLevel;
  if (c.port > 65535) throw new Error('--port must be at most 65535');
  if (Boolean(c.cert) !== Boolean(c.key)) throw new Error('--cert and --key go together');
  if (c.cert) c.tls = true;
  return c;
}

async function main(): Promise<void> {
  let config: Config | 'help';
  try {
    config = configFrom(process.argv.slice(2), process.env);
  } catch (e) {
    process.stderr.write(`vcdsim: ${(e as Error).message}\nRun vcdsim --help for the options.\n`);
    process.exit(2);
  }
  if (config === 'help') {
    process.stdout.write(HELP);
    return;
  }
  let sim: Simulator;
  try {
    sim = await Simulator.create(config);
  } catch (e) {
    process.stderr.write(`vcdsim: ${(e as Error).message}\n`);
    process.exit(1);
  }
  const url = await sim.listen();
  process.stdout.write(`vcdsim listening on ${url}\n`);
  const shutdown = (signal: string) => {
    sim.log.info('shutting down', { signal });
    sim.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

await main();
