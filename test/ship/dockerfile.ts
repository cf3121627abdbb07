/**
 * Runs a Dockerfile's own steps outside Docker, for machines that cannot build images: each stage gets a
 * folder standing for its root file system, WORKDIR and COPY map into it, RUN lines run with `sh` in the
 * mapped working directory, and the final stage's ENV, ENTRYPOINT/CMD and HEALTHCHECK are returned so the
 * caller can start the "container". Base images are not emulated: the host's Node stands in for them.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { hostEnv } from './process.js';

const run = promisify(execFile);

export interface Instruction {
  op: string;
  /** The text after the keyword, continuation lines joined. */
  text: string;
  /** `--flag=value` options (COPY --from, HEALTHCHECK --interval…). */
  flags: Record<string, string>;
  /** The rest: exec-form JSON arrays parsed, shell form split on whitespace. */
  args: string[];
  /** Whether the arguments were in exec (JSON) form. */
  exec: boolean;
}

export interface Stage {
  name: string;
  base: string;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const lines: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (!current && (line.trim().startsWith('#') || !line.trim())) continue;
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    lines.push((current + line).trim());
    current = '';
  }
  const stages: Stage[] = [];
  for (const line of lines) {
    const m = /^(\w+)\s+(.*)$/.exec(line);
    if (!m) throw new Error(`cannot read Dockerfile line: ${line}`);
    const op = m[1].toUpperCase();
    let rest = m[2];
    const flags: Record<string, string> = {};
    let f: RegExpExecArray | null;
    while ((f = /^--([\w-]+)=(\S+)\s+/.exec(rest))) {
      flags[f[1]] = f[2];
      rest = rest.slice(f[0].length);
    }
    if (op === 'HEALTHCHECK' && rest.startsWith('CMD ')) rest = rest.slice(4).trim();
    const exec = rest.startsWith('[');
    const args = exec ? (JSON.parse(rest) as string[]) : rest.split(/\s+/);
    const instruction: Instruction = { op, text: rest, flags, args, exec };
    if (op === 'FROM') {
      const [base, as, name] = args;
      stages.push({ base, name: as?.toUpperCase() === 'AS' ? name : String(stages.length), instructions: [] });
    } else {
      if (!stages.length) throw new Error(`${op} before FROM`);
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return stages;
}

/** ENV lines: `K=V K2=V2` (quotes allowed) or the legacy `K V`. */
function parseEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text.includes('=')) {
    const [k, ...v] = text.split(/\s+/);
    out[k] = v.join(' ');
    return out;
  }
  for (const m of text.matchAll(/([\w.-]+)=("(?:[^"\\]|\\.)*"|\S*)/g)) out[m[1]] = m[2].startsWith('"') ? JSON.parse(m[2]) : m[2];
  return out;
}

/** The build context, as Docker sends it: every file under `dir` except what .dockerignore excludes. */
export function contextFiles(dir: string): string[] {
  const ignore = existsSync(join(dir, '.dockerignore'))
    ? readFileSync(join(dir, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
    : [];
  if (ignore.some((p) => p.startsWith('!'))) throw new Error('.dockerignore exceptions (!) are not emulated');
  const patterns = ignore.map(globToRegExp);
  const files: string[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (patterns.some((re) => re.test(path))) continue;
      if (entry.isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk('');
  return files;
}

function globToRegExp(glob: string): RegExp {
  const g = glob.replace(/^\/+|\/+$/g, '');
  let re = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*' && g[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export interface Emulated {
  stages: Stage[];
  /** Folder standing for each stage's root file system. */
  roots: Record<string, string>;
  /** The final stage: where its WORKDIR maps, its environment and how it starts. */
  runtime: {
    base: string;
    workdir: string;
    env: Record<string, string>;
    user?: string;
    volumes: string[];
    expose: string[];
    entrypoint: string[];
    cmd: string[];
    healthcheck: { flags: Record<string, string>; args: string[] };
    stopSignal?: string;
  };
}

export interface EmulateOptions {
  /** Called with each step as it runs (progress for a long test). */
  log?: (line: string) => void;
  /** Extra environment for RUN steps (e.g. npm's cache location). */
  env?: NodeJS.ProcessEnv;
}

/** Runs every stage of `dockerfile` with `context` as the build context, under `workspace`. */
export async function emulate(dockerfile: string, context: string, workspace: string, opts: EmulateOptions = {}): Promise<Emulated> {
  const stages = parseDockerfile(readFileSync(dockerfile, 'utf8'));
  const files = contextFiles(context);
  const roots: Record<string, string> = {};
  let final: Emulated['runtime'] | undefined;
  for (const [i, stage] of stages.entries()) {
    const root = join(workspace, `stage-${i}-${stage.name}`);
    mkdirSync(root, { recursive: true });
    roots[stage.name] = root;
    const inRoot = (p: string) => join(root, p);
    let cwd = root;
    const env: Record<string, string> = {};
    const rt: Emulated['runtime'] = { base: stage.base, workdir: '/', env, volumes: [], expose: [], entrypoint: [], cmd: [], healthcheck: { flags: {}, args: [] } };
    for (const ins of stage.instructions) {
      opts.log?.(`[${stage.name}] ${ins.op} ${ins.text}`);
      switch (ins.op) {
        case 'WORKDIR': {
          const dir = isAbsolute(ins.text) ? ins.text : join(rt.workdir, ins.text);
          rt.workdir = dir;
          cwd = inRoot(dir);
          mkdirSync(cwd, { recursive: true });
          break;
        }
        case 'COPY': {
          const dest = ins.args[ins.args.length - 1];
          const sources = ins.args.slice(0, -1);
          const target = isAbsolute(dest) ? inRoot(dest) : join(cwd, dest);
          const from = ins.flags.from;
          for (const src of sources) {
            if (from) {
              const fromRoot = roots[from];
              if (!fromRoot) throw new Error(`COPY --from=${from}: no such stage`);
              if (!isAbsolute(src)) throw new Error(`COPY --from source ${src} must be absolute`);
              cpSync(join(fromRoot, src), target, { recursive: true });
            } else if (src === '.') {
              for (const f of files) copyFile(join(context, f), join(target, f));
            } else {
              if (!files.includes(src)) throw new Error(`COPY ${src}: not in the build context (see .dockerignore)`);
              copyFile(join(context, src), dest.endsWith('/') || sources.length > 1 ? join(target, src) : target);
            }
          }
          break;
        }
        case 'RUN': {
          if (ins.exec) throw new Error('RUN in exec form is not emulated');
          // Absolute paths would escape the emulated root: the Dockerfile keeps RUN lines relative.
          if (/(^|[\s=])\/(?!dev\/null)/.test(ins.text)) throw new Error(`RUN uses an absolute path: ${ins.text}`);
          await run('sh', ['-c', ins.text], { cwd, env: { ...hostEnv(), ...opts.env, ...env }, maxBuffer: 64 << 20 });
          break;
        }
        case 'ENV':
          Object.assign(env, parseEnv(ins.text));
          break;
        case 'USER':
          rt.user = ins.text;
          break;
        case 'VOLUME':
          rt.volumes.push(...ins.args);
          for (const v of rt.volumes) mkdirSync(inRoot(v), { recursive: true });
          break;
        case 'EXPOSE':
          rt.expose.push(...ins.args);
          break;
        case 'ENTRYPOINT':
        case 'CMD':
          if (!ins.exec) throw new Error(`${ins.op} must be in exec form, so signals reach node directly`);
          if (ins.op === 'ENTRYPOINT') rt.entrypoint = ins.args;
          else rt.cmd = ins.args;
          break;
        case 'HEALTHCHECK':
          rt.healthcheck = { flags: ins.flags, args: ins.args };
          break;
        case 'STOPSIGNAL':
          rt.stopSignal = ins.text;
          break;
        case 'LABEL':
        case 'ARG':
          break;
        default:
          throw new Error(`Dockerfile instruction ${ins.op} is not emulated`);
      }
    }
    final = rt;
  }
  return { stages, roots, runtime: final! };
}

function copyFile(src: string, dest: string): void {
  mkdirSync(dirname(dest), { recursive: true });
  cpSync(src, dest, { recursive: true });
}

/** Where a path inside the final stage's file system lives on the host. */
export function hostPath(e: Emulated, path: string): string {
  const root = e.roots[e.stages[e.stages.length - 1].name];
  return resolve(root, `.${isAbsolute(path) ? path : join(e.runtime.workdir, path)}`);
}
