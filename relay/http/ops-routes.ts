import type { FastifyInstance } from 'fastify'
import type { RelayMetrics } from '../metrics.js'
import type { StoreHealthState } from '../store/store-health.js'
import type { RouteRegistry } from './route-registry.js'

/**
 * Whether the relay takes traffic: `ready`, or why not: `stopping`, `store_failing` (the disk refuses
 * writes; the relay probes and turns ready again when they succeed), `store_failed` (an fsync failed; the
 * relay exits for its supervisor to restart it).
 */
export type Readiness = 'ready' | 'stopping' | 'store_failing' | 'store_failed'

/** The readiness of a relay that is stopping or not, over a store in `store` health. */
export function readinessOf(isClosing: boolean, store: StoreHealthState): Readiness {
  if (isClosing) return 'stopping'
  if (store === 'failing') return 'store_failing'
  return store === 'failed' ? 'store_failed' : 'ready'
}

/** Registers `/healthz` (the process answers), `/readyz` (it takes traffic) and `/metrics` (Prometheus). */
export function registerOpsRoutes(
  app: FastifyInstance,
  dependencies: {
    readonly metrics: RelayMetrics
    readonly readiness: () => Readiness
    readonly registry: RouteRegistry
  },
): void {
  app.get('/healthz', async () => ({ status: 'ok' }))
  app.get('/readyz', async (_request, reply) => {
    const status = dependencies.readiness()
    return status === 'ready' ? { status } : reply.status(503).send({ status })
  })
  app.get('/metrics', async (_request, reply) =>
    reply.type(dependencies.metrics.registry.contentType).send(await dependencies.metrics.registry.metrics()),
  )
  for (const [url, summary] of [
    ['/healthz', 'Liveness: the process answers.'],
    ['/readyz', 'Readiness: 503 `{status}` while stopping or while the store cannot write.'],
    ['/metrics', 'Prometheus metrics.'],
  ] as const) {
    dependencies.registry.add({
      method: 'GET',
      url,
      summary,
      isPublic: true,
      success: {
        status: 200,
        description: summary,
        mediaType: url === '/metrics' ? 'text/plain' : undefined,
      },
    })
  }
}
