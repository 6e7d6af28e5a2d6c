/**
 * There is no container engine or cluster on the build machine, so the deployment files are checked
 * here instead: they parse, and they hold what the runbook (docs/OPERATIONS.md) promises.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { REPO_ROOT } from './support/processes.js';

const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');
type Doc = Record<string, unknown> & { kind?: string; metadata?: { name?: string }; spec?: Record<string, unknown> };
const docs = (file: string): Doc[] =>
  parseAllDocuments(read(file)).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJSON() as Doc;
  }).filter((d): d is Doc => d !== null);
const at = (value: unknown, ...keys: (string | number)[]): unknown => keys.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], value);

describe('Dockerfile', () => {
  const text = read('Dockerfile');
  it('is multi-stage, runs as a non-root user, has a healthcheck and the CLI as entrypoint', () => {
    expect(text.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/^FROM .+ AS build$/m);
    expect(text).toMatch(/COPY --from=build/);
    expect(text).toMatch(/^USER node$/m);
    expect(text).toMatch(/^HEALTHCHECK .*\n?.*\/health/m);
    expect(text).toMatch(/^ENTRYPOINT \["node", "bin\/excel-interviewer.js"\]$/m);
  });
  it('keeps local state and secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['node_modules', 'data', '.env', '.git']) expect(ignored).toContain(entry);
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Record<string, unknown>> };
  it('has app replicas, a worker, postgres, redis, nginx and a one-shot migration', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'migrate', 'nginx', 'postgres', 'redis', 'worker']);
    expect(at(compose.services.api, 'deploy', 'replicas')).toBe(2);
    expect(compose.services.api?.command).toEqual(['serve']);
    expect(compose.services.worker?.command).toEqual(['worker']);
    expect(compose.services.migrate?.command).toEqual(['migrate']);
    expect(at(compose.services.api, 'depends_on', 'migrate', 'condition')).toBe('service_completed_successfully');
    expect(at(compose.services.api, 'environment', 'REDIS_URL')).toBe('redis://redis:6379');
    expect(String(at(compose.services.api, 'environment', 'DATABASE_URL'))).toMatch(/^postgres:\/\/.+@postgres:5432\//);
  });
  it('balances over the api service in nginx, with SSE unbuffered', () => {
    const nginx = read('deploy/nginx/nginx.conf');
    expect(nginx).toMatch(/server api:3000/);
    expect(nginx).toMatch(/location \/api\/v1\/session\/stream \{[^}]*proxy_buffering off/);
    expect((compose.services.nginx?.volumes as string[])[0]).toContain('deploy/nginx/nginx.conf');
  });
});

describe('Kubernetes manifests', () => {
  const all = ['config.yaml', 'api.yaml', 'worker.yaml', 'migrate-job.yaml'].flatMap((f) => docs(`deploy/k8s/${f}`));
  const find = (kind: string, name: string) => all.find((d) => d.kind === kind && d.metadata?.name === name);

  it('lists every file in the kustomization', () => {
    const kustomization = parse(read('deploy/k8s/kustomization.yaml')) as { resources: string[] };
    expect(kustomization.resources.sort()).toEqual(['api.yaml', 'config.yaml', 'migrate-job.yaml', 'worker.yaml']);
  });

  it.each(['excel-interviewer-api', 'excel-interviewer-worker'])('%s: a Deployment with secrets by reference, an HPA on CPU and a PodDisruptionBudget', (name) => {
    const deployment = find('Deployment', name);
    expect(deployment?.apiVersion).toBe('apps/v1');
    const container = at(deployment, 'spec', 'template', 'spec', 'containers', 0) as Record<string, unknown>;
    expect(at(container, 'envFrom')).toContainEqual({ secretRef: { name: 'excel-interviewer-secrets' } });
    expect(JSON.stringify(container)).not.toMatch(/PASSWORD|postgres:\/\/[^"]*:[^"]*@/);
    expect(at(deployment, 'spec', 'template', 'spec', 'securityContext', 'runAsNonRoot')).toBe(true);
    expect(at(deployment, 'spec', 'selector', 'matchLabels')).toEqual(at(deployment, 'spec', 'template', 'metadata', 'labels'));
    const hpa = find('HorizontalPodAutoscaler', name);
    expect(at(hpa, 'spec', 'scaleTargetRef', 'name')).toBe(name);
    expect(at(hpa, 'spec', 'metrics', 0, 'resource', 'name')).toBe('cpu');
    const pdb = find('PodDisruptionBudget', name);
    expect(pdb?.apiVersion).toBe('policy/v1');
    expect(at(pdb, 'spec', 'selector', 'matchLabels')).toEqual(at(deployment, 'spec', 'selector', 'matchLabels'));
  });

  it('probes the api: liveness /health, readiness /ready', () => {
    const container = at(find('Deployment', 'excel-interviewer-api'), 'spec', 'template', 'spec', 'containers', 0);
    expect(at(container, 'livenessProbe', 'httpGet', 'path')).toBe('/health');
    expect(at(container, 'readinessProbe', 'httpGet', 'path')).toBe('/ready');
    expect(at(container, 'args')).toEqual(['serve']);
  });

  it('migrates in a Job that runs `migrate` once', () => {
    const job = find('Job', 'excel-interviewer-migrate');
    expect(at(job, 'spec', 'template', 'spec', 'restartPolicy')).toBe('Never');
    expect(at(job, 'spec', 'template', 'spec', 'containers', 0, 'args')).toEqual(['migrate']);
  });
});

describe('Prometheus and Grafana', () => {
  const metricNames = [...read('src/services/metrics.ts').matchAll(/name: '(xi_[a-z_]+)'/g), ...read('src/observability/platform-probes.ts').matchAll(/name: '(xi_[a-z_]+)'/g)].map((m) => m[1]);
  const known = (name: string) => metricNames.some((m) => m && (name === m || name.startsWith(`${m}_`))) || /^xi_(process|nodejs)_/.test(name);

  it('alerts on error rate, latency, queue backlog and database down, using metrics that exist', () => {
    const rules = (parse(read('deploy/prometheus/alerts.yml')) as { groups: { rules: { alert: string; expr: string; labels: { severity: string } }[] }[] }).groups.flatMap((g) => g.rules);
    const names = rules.map((r) => r.alert);
    for (const alert of ['XiHighErrorRate', 'XiAnswerLatencyHigh', 'XiJobQueueBacklog', 'XiDatabaseDown']) expect(names).toContain(alert);
    for (const rule of rules) {
      expect(rule.labels.severity).toMatch(/^(page|ticket)$/);
      for (const [name] of rule.expr.matchAll(/\bxi_[a-z_]+/g)) expect(known(name), `${rule.alert} uses ${name}`).toBe(true);
    }
  });

  it('ships a dashboard whose panels query existing metrics', () => {
    const dashboard = JSON.parse(read('deploy/grafana/excel-interviewer-dashboard.json')) as { panels: { title: string; targets: { expr: string }[] }[] };
    expect(dashboard.panels.length).toBeGreaterThanOrEqual(10);
    for (const panel of dashboard.panels) for (const target of panel.targets) for (const [name] of target.expr.matchAll(/\bxi_[a-z_]+/g)) expect(known(name), `${panel.title} uses ${name}`).toBe(true);
  });
});
