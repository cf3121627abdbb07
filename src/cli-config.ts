/** Command-line flags and VCDSIM_* environment variables → Config (separate from cli.ts so it can be tested). */
import { parseArgs } from 'node:util';
import { defaultConfig, type Config, type LogFormat, type LogLevel } from './config.js';

export const HELP = `vcdsim — a VMware Cloud Director API simulator

Usage: vcdsim [options]

Options (each also settable by the environment variable shown):
  --port N            port to listen on (default 8080, 8443 with --tls)     VCDSIM_PORT
  --host ADDR         address to bind (default 127.0.0.1)                   VCDSIM_HOST
  --fixture FILE      inventory file, YAML or JSON (default fixtures/default.yaml)
                                                                            VCDSIM_FIXTURE
  --data FILE         persist state in this JSON file (lowdb); survives restarts
  --content-dir DIR   write uploaded bytes (OVF files, media) here; otherwise only counted and checksummed
  --content-max-bytes N  at most N bytes under --content-dir (default 1 GiB; 0 = no cap)
                                                                            VCDSIM_DATA
  --seed N            seed for ids, jitter and probabilistic faults (default 1)
                                                                            VCDSIM_SEED
  --speed X           simulated seconds per real second (default 1; 0 freezes time)
                                                                            VCDSIM_SPEED
  --log-level LEVEL   silent | error | warn | info | debug (default info)   VCDSIM_LOG_LEVEL
  --log-format F      json | pretty | auto (default: pretty on a terminal, else JSON lines)
                                                                            VCDSIM_LOG_FORMAT
  --tls               serve HTTPS with a generated self-signed certificate  VCDSIM_TLS=1
  --cert FILE         TLS certificate (PEM), with --key                     VCDSIM_CERT
  --key FILE          TLS private key (PEM), with --cert                    VCDSIM_KEY
  --session-idle MIN  idle minutes before a session expires (default 30), in real time
                                                                            VCDSIM_SESSION_IDLE
  --session-idle-clock real|simulated
                      the clock session idle time runs on (default real)    VCDSIM_SESSION_IDLE_CLOCK
  --strict-version    require ;version= in Accept, as real VCD does         VCDSIM_STRICT_VERSION=1
  --public-url URL    base URL for hrefs when behind a proxy                VCDSIM_PUBLIC_URL
  --validate-responses
                      check every answer against the OpenAPI document; a mismatch
                      becomes a 500 saying what is wrong                    VCDSIM_VALIDATE_RESPONSES=1
  --no-request-validation
                      do not check requests against the OpenAPI document    VCDSIM_REQUEST_VALIDATION=0
  --control-token T   let non-loopback clients use the control API (/_vcdsim) with this token;
                      bound to a non-loopback address without one, vcdsim makes one up and
                      prints it on stderr                                   VCDSIM_CONTROL_TOKEN
  --control-open      let every client use the control API without a token (trusted networks only)
                                                                            VCDSIM_CONTROL_OPEN=1
  --scenario FILE     play a scenario (YAML) once listening; progress and a pass/fail report
                      go to stdout, then it keeps serving; --speed, when given, wins over the
                      scenario's own speed                                  VCDSIM_SCENARIO
  --fast-forward      jump the scenario's timed waits instead of waiting for the clock
                      (always so when its clock speed is 0)                 VCDSIM_FAST_FORWARD=1
  --exit-after-scenario  exit when the scenario ends: 0 if it passed, 1 if not
                                                                            VCDSIM_EXIT_AFTER_SCENARIO=1
  -h, --help          show this help
  -v, --version       print the version

Commands:
  vcdsim ctl …        drive a running vcdsim (at $VCDSIM_URL) from a shell: vcdsim ctl --help

Digital twin subcommands (vcdsim capture|record|replay|diff|whatif|verify --help):
  vcdsim capture --from URL --user U --org O --out FILE   crawl a VCD into a fixture
  vcdsim record --target URL --listen ADDR --out F.jsonl  recording proxy
  vcdsim replay F.jsonl --against URL                     replay and report differences
  vcdsim diff A B [--json]                                compare snapshots or fixtures
  vcdsim whatif --fixture F --scenario S [--speed N]      a planned change beside its baseline, in process
  vcdsim verify F.jsonl --fixture F --user U --org O      twin's task durations vs a recording's (--fit)

Once ready it prints one line on stdout: vcdsim listening on http://HOST:PORT
Logs (JSON lines, or a human form on a terminal) go to stderr. The dashboard is at /_vcdsim/ui,
Prometheus metrics at /_vcdsim/metrics, health at /_vcdsim/health, the control API under /_vcdsim/.
`;

const LEVELS: LogLevel[] = ['silent', 'error', 'warn', 'info', 'debug'];
const FORMATS: LogFormat[] = ['auto', 'json', 'pretty'];

export function configFrom(argv: string[], env: NodeJS.ProcessEnv): Config | 'help' | 'version' {
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
      'log-format': { type: 'string' },
      tls: { type: 'boolean' },
      cert: { type: 'string' },
      key: { type: 'string' },
      'session-idle': { type: 'string' },
      'session-idle-clock': { type: 'string' },
      'strict-version': { type: 'boolean' },
      'public-url': { type: 'string' },
      'validate-responses': { type: 'boolean' },
      'no-request-validation': { type: 'boolean' },
      'control-token': { type: 'string' },
      scenario: { type: 'string' },
      'exit-after-scenario': { type: 'boolean' },
      'content-dir': { type: 'string' },
      'content-max-bytes': { type: 'string' },
      'fast-forward': { type: 'boolean' },
      'control-open': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  if (values.version) return 'version';
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
  const speed = pick(values.speed, 'SPEED');
  c.speed = num(speed, '--speed', c.speed);
  c.speedGiven = speed !== undefined && speed !== '';
  c.cert = pick(values.cert, 'CERT');
  c.key = pick(values.key, 'KEY');
  c.sessionIdleMinutes = num(pick(values['session-idle'], 'SESSION_IDLE'), '--session-idle', c.sessionIdleMinutes);
  const idleClock = pick(values['session-idle-clock'], 'SESSION_IDLE_CLOCK') ?? c.sessionIdleClock;
  if (idleClock !== 'real' && idleClock !== 'simulated') throw new Error('--session-idle-clock must be real or simulated');
  c.sessionIdleClock = idleClock;
  c.strictVersion = flagOn(values['strict-version'], 'STRICT_VERSION');
  c.publicUrl = pick(values['public-url'], 'PUBLIC_URL');
  c.validateResponses = flagOn(values['validate-responses'], 'VALIDATE_RESPONSES');
  c.validateRequests = !(values['no-request-validation'] ?? /^(0|false|no)$/i.test(env.VCDSIM_REQUEST_VALIDATION ?? ''));
  c.controlToken = pick(values['control-token'], 'CONTROL_TOKEN') || undefined;
  c.scenario = pick(values.scenario, 'SCENARIO') || undefined;
  c.exitAfterScenario = flagOn(values['exit-after-scenario'], 'EXIT_AFTER_SCENARIO');
  c.contentDir = pick(values['content-dir'], 'CONTENT_DIR') || undefined;
  c.contentMaxBytes = num(pick(values['content-max-bytes'], 'CONTENT_MAX_BYTES'), '--content-max-bytes', c.contentMaxBytes);
  c.fastForward = flagOn(values['fast-forward'], 'FAST_FORWARD');
  c.controlOpen = flagOn(values['control-open'], 'CONTROL_OPEN');
  const level = pick(values['log-level'], 'LOG_LEVEL') ?? c.logLevel;
  if (!LEVELS.includes(level as LogLevel)) throw new Error(`--log-level must be one of ${LEVELS.join(', ')}`);
  c.logLevel = level as LogLevel;
  const format = pick(values['log-format'], 'LOG_FORMAT') ?? c.logFormat;
  if (!FORMATS.includes(format as LogFormat)) throw new Error(`--log-format must be one of ${FORMATS.join(', ')}`);
  c.logFormat = format as LogFormat;
  if (c.port > 65535) throw new Error('--port must be at most 65535');
  if (Boolean(c.cert) !== Boolean(c.key)) throw new Error('--cert and --key go together');
  if (c.cert) c.tls = true;
  if (c.exitAfterScenario && !c.scenario) throw new Error('--exit-after-scenario needs --scenario');
  if (c.fastForward && !c.scenario) throw new Error('--fast-forward needs --scenario (running scenarios take fastForward through the control API)');
  return c;
}

