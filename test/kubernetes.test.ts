import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import * as appsV1 from 'kubernetes-models/apps/v1'
import * as autoscalingV2 from 'kubernetes-models/autoscaling/v2'
import * as batchV1 from 'kubernetes-models/batch/v1'
import * as networkingV1 from 'kubernetes-models/networking.k8s.io/v1'
import * as policyV1 from 'kubernetes-models/policy/v1'
import * as coreV1 from 'kubernetes-models/v1'
import { createTestHost, type TestHost } from '@stratum/host-backend/testing'

/**
 * deploy/kubernetes, validated offline: each overlay is rendered by `kubectl kustomize` (Debian's
 * kubernetes-client; .ci/run installs it), every object is checked against the Kubernetes schemas
 * (kubernetes-models), and the parts that decide whether a rollout loses requests are checked
 * against the backend itself.
 */
const ROOT = join(import.meta.dirname, '..')
const OVERLAYS = ['production', 'in-cluster-data'] as const

// apiVersion → the module whose classes validate that group's kinds.
const MODELS: Record<string, Record<string, unknown>> = {
  v1: coreV1,
  'apps/v1': appsV1,
  'autoscaling/v2': autoscalingV2,
  'batch/v1': batchV1,
  'networking.k8s.io/v1': networkingV1,
  'policy/v1': policyV1,
}

interface K8sObject {
  apiVersion: string
  kind: string
  metadata: { name: string; namespace?: string; labels?: Record<string, string> }
  spec?: Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
  data?: Record<string, string>
}

const render = (overlay: string): K8sObject[] => {
  const out = execFileSync(
    'kubectl',
    ['kustomize', join(ROOT, 'deploy/kubernetes/overlays', overlay)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  )
  return parseAllDocuments(out)
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null)
}

const find = (objects: K8sObject[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name)
  if (!found) throw new Error(`${kind}/${name} is not in the rendered manifests`)
  return found
}

const container = (deployment: K8sObject, name: string) =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  (deployment.spec!.template.spec.containers as any[]).find((c) => c.name === name)

// Names whose values are secrets: they may come from a Secret, never be written in a manifest.
const SECRET_NAME = /SECRET|PASSWORD|TOKEN|KEY|DATABASE_URL|DATABASE_APP_URL|REDIS_URL|SMTP_URL/i

describe.each(OVERLAYS)('deploy/kubernetes/overlays/%s', (overlay) => {
  let objects: K8sObject[]
  beforeAll(() => {
    objects = render(overlay)
  })

  it('renders only objects that the Kubernetes schemas accept', () => {
    expect(objects.length).toBeGreaterThan(10)
    for (const object of objects) {
      const Model = MODELS[object.apiVersion]?.[object.kind] as
        (new (data: unknown) => { validate(): void }) | undefined
      expect(Model, `${object.apiVersion} ${object.kind} has no schema here`).toBeDefined()
      expect(
        () => new Model!(object).validate(),
        `${object.kind}/${object.metadata.name}`,
      ).not.toThrow()
    }
  })

  it('puts every object in the overlay namespace', () => {
    const namespace = find(
      objects,
      'Namespace',
      overlay === 'production' ? 'stratum' : 'stratum-trial',
    )
    for (const object of objects.filter((o) => o.kind !== 'Namespace')) {
      expect(object.metadata.namespace, `${object.kind}/${object.metadata.name}`).toBe(
        namespace.metadata.name,
      )
    }
  })

  it('runs at least two backend replicas behind a disruption budget and an autoscaler', () => {
    const backend = find(objects, 'Deployment', 'backend')
    expect(backend.spec!.replicas).toBeGreaterThanOrEqual(2)
    expect(backend.spec!.strategy.rollingUpdate.maxUnavailable).toBe(0)
    const pdb = find(objects, 'PodDisruptionBudget', 'backend')
    expect(pdb.spec!.selector.matchLabels).toEqual(backend.spec!.selector.matchLabels)
    expect(pdb.spec!.minAvailable).toBeGreaterThanOrEqual(1)
    expect(pdb.spec!.minAvailable).toBeLessThan(backend.spec!.replicas)
    const hpa = find(objects, 'HorizontalPodAutoscaler', 'backend')
    expect(hpa.spec!.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'backend' })
    expect(hpa.spec!.minReplicas).toBeGreaterThanOrEqual(2)
    const api = container(backend, 'backend')
    expect(api.resources.requests).toMatchObject({
      cpu: expect.any(String),
      memory: expect.any(String),
    })
    expect(api.resources.limits).toMatchObject({
      cpu: expect.any(String),
      memory: expect.any(String),
    })
  })

  it('drains before it stops: the preStop pause outlasts the readiness period', () => {
    for (const name of ['backend', 'gateway']) {
      const deployment = find(objects, 'Deployment', name)
      const c = container(deployment, name)
      const [command, seconds] = c.lifecycle.preStop.exec.command as [string, string]
      expect(command).toBe('sleep')
      const readinessPeriod = c.readinessProbe.periodSeconds * c.readinessProbe.failureThreshold
      expect(Number(seconds), name).toBeGreaterThan(readinessPeriod)
      expect(deployment.spec!.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(
        Number(seconds),
      )
    }
    // After the pause the backend drains for SHUTDOWN_DRAIN_DELAY_MS + SHUTDOWN_TIMEOUT_MS.
    const config = objects.find((o) => o.kind === 'ConfigMap' && o.data?.SHUTDOWN_TIMEOUT_MS)!
    const backend = find(objects, 'Deployment', 'backend')
    const pause = Number(container(backend, 'backend').lifecycle.preStop.exec.command[1])
    const drain =
      (Number(config.data!.SHUTDOWN_DRAIN_DELAY_MS) + Number(config.data!.SHUTDOWN_TIMEOUT_MS)) /
      1000
    expect(backend.spec!.template.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(
      pause + drain,
    )
  })

  it('keeps every secret out of the manifests', () => {
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([])
    for (const object of objects.filter((o) => o.kind === 'ConfigMap')) {
      for (const key of Object.keys(object.data ?? {})) expect(key).not.toMatch(SECRET_NAME)
    }
    for (const object of objects.filter((o) => o.spec?.template?.spec?.containers)) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      for (const c of object.spec!.template.spec.containers as any[]) {
        for (const variable of c.env ?? []) {
          if (SECRET_NAME.test(variable.name)) {
            expect(variable.value, `${object.metadata.name}: ${variable.name}`).toBeUndefined()
            expect(variable.valueFrom?.secretKeyRef?.name).toBe('stratum-secrets')
          }
        }
      }
    }
    const backend = container(find(objects, 'Deployment', 'backend'), 'backend')
    expect(backend.envFrom).toContainEqual({ secretRef: { name: 'stratum-secrets' } })
  })

  it('lets only the gateway reach the backend', () => {
    const policy = objects.find((o) => o.kind === 'NetworkPolicy')!
    const backend = find(objects, 'Deployment', 'backend')
    const gateway = find(objects, 'Deployment', 'gateway')
    expect(policy.spec!.podSelector.matchLabels).toEqual(backend.spec!.selector.matchLabels)
    expect(policy.spec!.policyTypes).toContain('Ingress')
    expect(policy.spec!.ingress).toEqual([
      {
        from: [{ podSelector: { matchLabels: gateway.spec!.selector.matchLabels } }],
        ports: [{ protocol: 'TCP', port: 3000 }],
      },
    ])
    // The Ingress sends to the gateway only.
    const ingress = find(objects, 'Ingress', 'gateway')
    for (const rule of ingress.spec!.rules) {
      for (const path of rule.http.paths) expect(path.backend.service.name).toBe('gateway')
    }
  })

  it('migrates with a Job running the compiled migration entry', () => {
    const job = find(objects, 'Job', 'migrate')
    const c = job.spec!.template.spec.containers[0]
    expect(c.command).toEqual(['node', 'host-backend/dist/migrate.js'])
    expect(c.image).toBe(container(find(objects, 'Deployment', 'backend'), 'backend').image)
    expect(readFileSync(join(ROOT, 'scripts/lib/backend.mjs'), 'utf8')).toContain(
      "migrate: 'host-backend/src/cli/migrate.ts'",
    )
  })

  it('mounts the real-address settings where gateway/nginx.prod.conf includes them', () => {
    const gateway = find(objects, 'Deployment', 'gateway')
    const mount = container(gateway, 'gateway').volumeMounts.find(
      (m: { mountPath: string }) => m.mountPath === '/etc/nginx/stratum.d',
    )
    expect(mount).toBeDefined()
    expect(readFileSync(join(ROOT, 'gateway/nginx.prod.conf'), 'utf8')).toContain(
      'include /etc/nginx/stratum.d/*.conf;',
    )
    const volume = gateway.spec!.template.spec.volumes.find(
      (v: { name: string }) => v.name === mount.name,
    )
    const config = find(objects, 'ConfigMap', volume.configMap.name)
    expect(Object.values(config.data!).join('\n')).toContain('real_ip_header X-Forwarded-For;')
  })
})

describe('the backend probes of deploy/kubernetes', () => {
  let host: TestHost
  beforeAll(async () => {
    host = await createTestHost({ target: 'postgres' })
  })
  afterAll(() => host?.close())

  it('point at routes the backend answers, on the port it listens on', async () => {
    const objects = render('production')
    const backend = container(find(objects, 'Deployment', 'backend'), 'backend')
    const port = backend.ports.find(
      (p: { name: string }) => p.name === backend.readinessProbe.httpGet.port,
    )
    const config = objects.find((o) => o.kind === 'ConfigMap' && o.data?.PORT)!
    expect(port.containerPort).toBe(Number(config.data!.PORT))
    expect(backend.readinessProbe.httpGet.path).toBe('/health/ready')
    expect(backend.livenessProbe.httpGet.path).toBe('/health')
    for (const probe of [backend.readinessProbe, backend.livenessProbe, backend.startupProbe]) {
      const res = await host.request(probe.httpGet.path)
      expect(res.status, probe.httpGet.path).toBe(200)
    }
  })
})
