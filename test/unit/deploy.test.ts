import { readdirSync, readFileSync } from 'node:fs';
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
  return parseAllDocuments(read(file)).map((doc) => {
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
    expect(dockerfile).toContain('CMD ["node", "dist/main.js"]');

    const [deployment] = byKind('Deployment') as Array<{ spec: { template: { spec: Node & { containers: Node[] } } } }>;
    const pod = deployment?.spec.template.spec;
    expect(pod?.terminationGracePeriodSeconds).toBeGreaterThan(25);
    const container = pod?.containers[0] as { ports: Array<{ containerPort: number }>; readinessProbe: Node; livenessProbe: Node };
    expect(container.ports[0]?.containerPort).toBe(port);
    for (const probe of [container.readinessProbe, container.livenessProbe]) expect(probe).toMatchObject({ httpGet: { path: '/healthz' } });

    const [cronJob] = byKind('CronJob') as Array<{ spec: { jobTemplate: { spec: { template: { spec: { containers: Node[] } } } } } }>;
    expect(cronJob?.spec.jobTemplate.spec.template.spec.containers[0]?.command).toEqual(['node', 'dist/remind.js']);

    const compose = documentsOf('deploy/compose.yaml')[0] as { services: { bot: { stop_grace_period: string } } };
    expect(Number.parseInt(compose.services.bot.stop_grace_period, 10)).toBeGreaterThan(25);
  });
});
