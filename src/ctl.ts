/**
 * `vcdsim ctl …`: the control API from a shell, for CI scripts and people. Each command prints the
 * control API's JSON answer on stdout and exits 0, or prints the error on stderr and exits 1 (2 for a
 * command it does not understand).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ControlApiError, ControlClient } from './control/client.js';

export const CTL_HELP = `vcdsim ctl — drive a running vcdsim through its control API (/_vcdsim)

Usage: vcdsim ctl [--url URL] [--token T] COMMAND

  --url URL        the simulator (default $VCDSIM_URL, else http://127.0.0.1:8080)
  --token T        the control token (default $VCDSIM_CONTROL_TOKEN)

Commands:
  health                          status, version, simulated time
  faults                          list the fault rules with their state and counts
  faults add RULE|@FILE|-         add a rule (or a JSON list of rules): JSON text, a file, or stdin;
                                  what 'faults' lists can be added back as it is
  faults rm ID                    remove a rule
  faults clear                    remove every rule
  clock                           simulated time and speed
  clock advance DURATION          move simulated time on (90, 90s, 2m, 1h30m)
  clock speed X                   simulated seconds per real second (0 freezes)
  scenario start NAME|FILE [--speed X] [--fast-forward]
                                  play an example (by name) or a YAML file
  scenario ID                     a run's progress and report
  scenario stop ID                stop a run
  scenarios                       examples available and runs
  reset                           back to the fixture: inventory, no rules, empty logs
  snapshot                        the whole state as JSON (to a file: > state.json)
  snapshot load FILE|-            import a snapshot

Examples:
  vcdsim ctl faults add '{"match":{"org":"acme"},"action":"partition","duration":"2m"}'
  vcdsim ctl clock advance 2m
  vcdsim ctl reset
`;

class Usage extends Error {}

function readJson(arg: string | undefined, what: string): unknown {
  if (arg === undefined) throw new Usage(`${what}: give JSON text, @FILE or - (stdin)`);
  const text = arg === '-' ? readFileSync(0, 'utf8') : arg.startsWith('@') ? readFileSync(arg.slice(1), 'utf8') : arg;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Usage(`${what}: not JSON: ${(e as Error).message}`);
  }
}

function durationArg(arg: string | undefined): number | string {
  if (arg === undefined) throw new Usage('clock advance: give a duration (90, 90s, 2m, 1h30m)');
  return /^\d+(\.\d+)?$/.test(arg) ? Number(arg) : arg;
}

export async function ctl(argv: string[], env: NodeJS.ProcessEnv, out: (s: string) => void = (s) => process.stdout.write(s),
  err: (s: string) => void = (s) => process.stderr.write(s)): Promise<number> {
  let values: { url?: string; token?: string; help?: boolean; speed?: string; 'fast-forward'?: boolean };
  let args: string[];
  try {
    ({ values, positionals: args } = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: { url: { type: 'string' }, token: { type: 'string' }, help: { type: 'boolean', short: 'h' }, speed: { type: 'string' }, 'fast-forward': { type: 'boolean' } },
    }));
  } catch (e) {
    err(`vcdsim ctl: ${(e as Error).message}\nRun vcdsim ctl --help for the commands.\n`);
    return 2;
  }
  if (values.help || args.length === 0) {
    (values.help ? out : err)(CTL_HELP);
    return values.help ? 0 : 2;
  }
  const url = (values.url ?? env.VCDSIM_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  const c = new ControlClient(url, { token: values.token ?? (env.VCDSIM_CONTROL_TOKEN || undefined) });
  const print = (v: unknown) => out(`${JSON.stringify(v, null, 2)}\n`);
  const [cmd, sub, arg] = args;
  try {
    switch (`${cmd} ${sub ?? ''}`.trim()) {
      case 'health': print(await c.health()); break;
      case 'faults': case 'faults list': print(await c.faults()); break;
      case 'faults add': {
        const body = readJson(arg, 'faults add');
        print(Array.isArray(body) ? await c.addFaults(body) : await c.addFault(body as never));
        break;
      }
      case 'faults rm': case 'faults remove':
        if (!arg) throw new Usage('faults rm: give the rule id');
        await c.removeFault(arg);
        print({ removed: arg });
        break;
      case 'faults clear': print({ removed: await c.clearFaults() }); break;
      case 'clock': print(await c.clock()); break;
      case 'clock advance': print(await c.advance(durationArg(arg))); break;
      case 'clock speed': {
        const speed = Number(arg);
        if (arg === undefined || !Number.isFinite(speed) || speed < 0) throw new Usage('clock speed: give a non-negative number');
        print(await c.setSpeed(speed));
        break;
      }
      case 'scenarios': print(await c.scenarios()); break;
      case 'scenario start': {
        if (!arg) throw new Usage('scenario start: give an example name or a YAML file');
        const speed = values.speed === undefined ? undefined : Number(values.speed);
        if (speed !== undefined && (!Number.isFinite(speed) || speed < 0)) throw new Usage('--speed: give a non-negative number');
        const options = { speed, fastForward: values['fast-forward'] };
        print(/[/\\]|\.ya?ml$/.test(arg) ? await c.startScenarioFile(arg, options) : await c.startScenario({ name: arg }, options));
        break;
      }
      case 'scenario stop':
        if (!arg) throw new Usage('scenario stop: give the run id');
        print(await c.stopScenario(arg));
        break;
      case 'reset': await c.reset(); print({ reset: true }); break;
      case 'snapshot': print(await c.snapshot()); break;
      case 'snapshot load': await c.importSnapshot(readJson(arg, 'snapshot load') as never); print({ loaded: true }); break;
      default:
        if (cmd === 'scenario' && sub && arg === undefined) {
          print(await c.scenario(sub));
          break;
        }
        throw new Usage(`unknown command: ${args.join(' ')}`);
    }
    return 0;
  } catch (e) {
    if (e instanceof Usage) {
      err(`vcdsim ctl: ${e.message}\nRun vcdsim ctl --help for the commands.\n`);
      return 2;
    }
    if (e instanceof ControlApiError) {
      err(`vcdsim ctl: ${e.status}: ${e.message}\n`);
      return 1;
    }
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const unreachable = e instanceof TypeError && e.message === 'fetch failed';
    const why = cause?.code === 'ECONNREFUSED' ? 'nothing answers' : `cannot reach it (${cause?.code ?? cause?.message ?? 'no answer'})`;
    err(`vcdsim ctl: ${unreachable ? `${why} at ${url} (is vcdsim running? --url)` : (e as Error).message}\n`);
    return 1;
  }
}
