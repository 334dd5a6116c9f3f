import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parseConfig } from '../../src/config';

/**
 * The container and deployment examples cannot run here (no Docker, no cluster), so they are
 * read: every YAML file parses, every variable they set is one the app reads, and the port,
 * health endpoint and stop timing agree with the app's.
 */

const repoRoot = path.resolve(__dirname, '..', '..');
const read = (...parts: string[]) => readFileSync(path.join(repoRoot, ...parts), 'utf8');

type Node = Record<string, unknown>;

const yamlFiles = [
  'deploy/compose.yaml',
  ...readdirSync(path.join(repoRoot, 'deploy', 'kubernetes')).map((file) => `deploy/kubernetes/${file}`),
];

function documentsOf(file: string): Node[] {
  return parseAllDocuments(read(file), { merge: true }).map((doc) => {
    expect(doc.errors).toEqual([]);
    return doc.toJS() as Node;
  });
}

const documents = yamlFiles.flatMap((file) => documentsOf(file).map((doc) => ({ file, doc })));
const byKind = (kind: string) => documents.map(({ doc }) => doc).filter((doc) => doc.kind === kind);

/** The variable names of src/config.ts's schema: its top-level keys, written in capitals. */
const configVariables = new Set([...read('src/config.ts').matchAll(/^ +([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]));

/** Every environment variable a deploy file sets: Secret/ConfigMap keys, env lists, compose environment. */
function variablesSetIn(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(variablesSetIn);
  if (typeof node !== 'object' || node === null) return [];
  const record = node as Node;
  const own = [
    ...(record.kind === 'Secret' ? Object.keys(record.stringData ?? {}) : []),
    ...(record.kind === 'ConfigMap' ? Object.keys(record.data ?? {}) : []),
    ...(Array.isArray(record.env) ? (record.env as Node[]).map((entry) => String(entry.name)) : []),
    ...(record.environment && typeof record.environment === 'object' ? Object.keys(record.environment) : []),
  ];
  return [...own, ...Object.values(record).flatMap(variablesSetIn)];
}

describe('deployment examples', () => {
  it('every YAML file parses', () => {
    expect(documents.length).toBeGreaterThanOrEqual(yamlFiles.length);
  });

  it('sets only variables that src/config.ts reads', () => {
    expect(configVariables.size).toBeGreaterThan(10);
    const used = new Set(documents.flatMap(({ doc }) => variablesSetIn(doc)));
    expect(used.size).toBeGreaterThan(5);
    expect([...used].filter((name) => !configVariables.has(name))).toEqual([]);
  });

  it("uses the app's default port, /healthz and a stop timeout above the 25 s drain", () => {
    const port = parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', VULTR_API_KEY: 'key-0123456789' }).slack.port;
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toContain(`EXPOSE ${port}`);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n? *CMD \["node", "-e", ".*\/healthz/m);
    // Through run-built.sh, which execs node with scripts/node-flags (both copied into the image).
    expect(dockerfile).toContain('CMD ["sh", "scripts/run-built.sh", "dist/main.js"]');
    expect(dockerfile).toContain('COPY scripts/run-built.sh scripts/node-flags ./scripts/');

    const [deployment] = byKind('Deployment') as Array<{ spec: { template: { spec: Node & { containers: Node[] } } } }>;
    const pod = deployment?.spec.template.spec;
    expect(pod?.terminationGracePeriodSeconds).toBeGreaterThan(25);
    const container = pod?.containers[0] as { ports: Array<{ containerPort: number }>; readinessProbe: Node; livenessProbe: Node };
    expect(container.ports[0]?.containerPort).toBe(port);
    for (const probe of [container.readinessProbe, container.livenessProbe]) expect(probe).toMatchObject({ httpGet: { path: '/healthz' } });

    const [cronJob] = byKind('CronJob') as Array<{ spec: { jobTemplate: { spec: { template: { spec: { containers: Node[] } } } } } }>;
    expect(cronJob?.spec.jobTemplate.spec.template.spec.containers[0]?.command).toEqual(['sh', 'scripts/run-built.sh', 'dist/remind.js']);

    const compose = documentsOf('deploy/compose.yaml')[0] as { services: { bot: { stop_grace_period: string } } };
    expect(Number.parseInt(compose.services.bot.stop_grace_period, 10)).toBeGreaterThan(25);
  });
});

/** The files that hold the operations guide's commands: the README and docs/*.md. */
const guides = [
  'README.md',
  ...readdirSync(path.join(repoRoot, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/${file}`),
];

type Selector = { matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> };
function selects(selector: Selector, labels: Record<string, string>): boolean {
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const byExpression = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    if (operator === 'In') return key in labels && values.includes(labels[key] as string);
    if (operator === 'NotIn') return !(key in labels) || !values.includes(labels[key] as string);
    if (operator === 'Exists') return key in labels;
    return !(key in labels);
  });
  return byLabel && byExpression;
}

type ComposeService = {
  environment?: Record<string, string>;
  restart?: string;
  command?: string[];
  depends_on?: Record<string, { condition: string }>;
  mem_limit?: string;
};
const compose = () => documentsOf('deploy/compose.yaml')[0] as { services: Record<string, ComposeService> };

describe('Docker Compose with a fresh copy of .env.example', () => {
  /** The variables `.env.example` sets as shipped (its uncommented lines), the way a shell reads them. */
  const shipped = Object.fromEntries(
    [...read('.env.example').matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => [
      m[1] as string,
      (m[2] as string).replace(/^"(.*)"$/, '$1'),
    ]),
  );

  it('asks nothing more of .env than .env.example gives: only its placeholders are refused', () => {
    const env = { ...shipped, ...compose().services.bot?.environment };
    let problems: string[] = [];
    try {
      parseConfig(env);
    } catch (err) {
      problems = (err as { problems: string[] }).problems;
    }
    expect(problems.sort()).toEqual(
      Object.keys(shipped)
        .map((name) => `${name} still holds the placeholder from .env.example`)
        .sort(),
    );
  });

  it('starts once the placeholders it ships are replaced, with nothing else added', () => {
    const own: Record<string, string> = {
      SLACK_BOT_TOKEN: 'xoxb-1-2-own',
      SLACK_APP_TOKEN: 'xapp-1-own',
      VULTR_API_KEY: 'own-key-0123456789',
    };
    expect(Object.keys(shipped).filter((name) => !(name in own))).toEqual([]);
    const filled = Object.fromEntries(Object.keys(shipped).map((name) => [name, own[name] as string]));
    expect(() => parseConfig({ ...filled, ...compose().services.bot?.environment })).not.toThrow();
  });

  it('does not restart the bot in a loop on an invalid configuration: a one-shot doctor gates it, failing on exit 2 only', () => {
    const { services } = compose();
    const bot = services.bot as ComposeService;
    const gates = Object.entries(bot.depends_on ?? {}).filter(([, dep]) => dep.condition === 'service_completed_successfully');
    expect(gates.map(([name]) => name)).toEqual(['doctor']);
    const doctor = services.doctor as ComposeService;
    expect(doctor.restart).toBe('no');
    expect(doctor.command?.slice(0, 2)).toEqual(['sh', '-c']);

    // Run the gate's shell command (compose writes a literal $ as $$) in a copy of the image's /app, with a
    // stand-in `node` that exits with the doctor's codes.
    const bin = mkdtempSync(path.join(tmpdir(), 'compose-gate-'));
    try {
      writeFileSync(path.join(bin, 'node'), '#!/bin/sh\necho "doctor $*"\nexit "$DOCTOR_EXIT"\n', { mode: 0o755 });
      for (const file of ['scripts/run-built.sh', 'scripts/node-flags', 'dist/doctor.js']) {
        mkdirSync(path.join(bin, path.dirname(file)), { recursive: true });
        writeFileSync(path.join(bin, file), file.startsWith('dist/') ? '' : read(file));
      }
      const gate = (code: number) =>
        spawnSync('sh', ['-c', (doctor.command?.[2] as string).replace(/\$\$/g, '$')], {
          cwd: bin,
          env: { PATH: `${bin}:/usr/bin:/bin`, DOCTOR_EXIT: String(code) },
          encoding: 'utf8',
        });
      expect(gate(0).stdout).toBe(`doctor ${read('scripts/node-flags').trim()} dist/doctor.js\n`);
      // 0: fine, 1: a check failed (the bot may still serve; the doctor's lines say what to fix), 2: invalid configuration.
      expect([0, 1, 2].map((code) => gate(code).status === 0)).toEqual([true, true, false]);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('gives the bot the memory the benchmark measured, as Kubernetes does', () => {
    // The README shows two full runs of npm run bench: the higher peak counts.
    const rows = read('README.md')
      .split('\n')
      .filter((line) => line.startsWith('| RSS of the bot process'));
    expect(rows).toHaveLength(2);
    const peakMb = Math.max(...rows.map((row) => Number(/ (\d+) MB \|/.exec(row)?.[1])));
    expect(peakMb).toBeGreaterThan(50);
    const oldSpaceMb = Number(/--max-old-space-size=(\d+)/.exec(read('scripts/node-flags'))?.[1]);
    expect(oldSpaceMb).toBeGreaterThan(peakMb / 2);

    const [deployment] = byKind('Deployment') as Array<{
      spec: { template: { spec: { containers: Array<{ resources: { limits: { memory: string } } }> } } };
    }>;
    const k8sLimit = deployment?.spec.template.spec.containers[0]?.resources.limits.memory;
    expect(k8sLimit).toMatch(/^\d+Mi$/);
    const mib = (value: string) => Number.parseInt(value, 10);
    expect(mib(k8sLimit as string) * 1.048576).toBeGreaterThan(peakMb * 1.2);
    // V8 reaches its old-space cap before the kernel's limit: heap pressure ends in V8's own error.
    expect(mib(k8sLimit as string)).toBeGreaterThanOrEqual(oldSpaceMb + 64);
    expect(compose().services.bot?.mem_limit).toBe(`${mib(k8sLimit as string)}m`);
  });
});

describe('the doctor pod of the Kubernetes guide', () => {
  const guide = guides.find((file) => read(file).includes('kubectl run invites-doctor')) as string;
  const command = read(guide).match(/kubectl run invites-doctor(?:.*\\\n)*.*/)?.[0] ?? '';
  const labels = Object.fromEntries(
    (/--labels=(\S+)/.exec(command)?.[1] ?? '')
      .split(',')
      .filter(Boolean)
      .map((pair) => pair.split('=') as [string, string]),
  );

  it('carries labels that the Redis NetworkPolicy lets in', () => {
    expect(command).toContain('dist/doctor.js');
    const [policy] = byKind('NetworkPolicy') as Array<{ spec: { ingress: Array<{ from: Array<{ podSelector: Selector }> }> } }>;
    const allowed = policy?.spec.ingress.flatMap((rule) => rule.from.map((peer) => peer.podSelector)) ?? [];
    expect(allowed.some((selector) => selects(selector, labels))).toBe(true);
    // The bot's own pods still get in.
    const [bot] = byKind('Deployment') as Array<{ spec: { template: { metadata: { labels: Record<string, string> } } } }>;
    expect(allowed.some((selector) => selects(selector, bot?.spec.template.metadata.labels ?? {}))).toBe(true);
  });

  it("is not one of the HTTP Service's endpoints (it serves nothing)", () => {
    const services = byKind('Service') as Array<{ metadata: { name: string }; spec: { selector: Record<string, string> } }>;
    const http = services.find((service) => service.metadata.name === 'vultr-invites-bot');
    expect(http).toBeDefined();
    expect(Object.keys(labels).length).toBeGreaterThan(0);
    expect(selects({ matchLabels: http?.spec.selector }, labels)).toBe(false);
  });
});

describe('the stop timeout', () => {
  it('is one number everywhere, above the 25 s drain', () => {
    const drainMs = Number(/drain\(tuning\.drainTimeoutMs \?\? ([\d_]+)\)/.exec(read('src/app.ts'))?.[1]?.replace(/_/g, ''));
    expect(drainMs).toBe(25_000);
    const seconds = [
      ...['Dockerfile', ...guides].flatMap((file) => [...read(file).matchAll(/--stop-timeout[ =](\d+)/g)].map((m) => `${file}: ${m[1]}`)),
      `compose.yaml: ${Number.parseInt(compose().services.bot?.['stop_grace_period' as keyof ComposeService] as string, 10)}`,
      ...(
        byKind('Deployment') as Array<{
          metadata: { name: string };
          spec: { template: { spec: { terminationGracePeriodSeconds?: number } } };
        }>
      )
        .filter((d) => d.metadata.name === 'vultr-invites-bot')
        .map((d) => `deployment.yaml: ${d.spec.template.spec.terminationGracePeriodSeconds}`),
    ];
    expect(seconds.length).toBeGreaterThanOrEqual(4);
    const values = new Set(seconds.map((entry) => Number(entry.split(': ')[1])));
    expect({ values: [...values], seconds }).toMatchObject({ values: [expect.any(Number)] });
    expect([...values][0]).toBeGreaterThan(drainMs / 1000);
  });
});
