import type { FastifyInstance } from 'fastify'
import type { RelayMetrics } from '../metrics.js'
import type { RouteRegistry } from './route-registry.js'

/** Registers `/healthz` (the process answers), `/readyz` (it takes traffic) and `/metrics` (Prometheus). */
export function registerOpsRoutes(
  app: FastifyInstance,
  dependencies: {
    readonly metrics: RelayMetrics
    readonly isReady: () => boolean
    readonly registry: RouteRegistry
  },
): void {
  app.get('/healthz', async () => ({ status: 'ok' }))
  app.get('/readyz', async (_request, reply) =>
    dependencies.isReady() ? { status: 'ready' } : reply.status(503).send({ status: 'stopping' }),
  )
  app.get('/metrics', async (_request, reply) =>
    reply.type(dependencies.metrics.registry.contentType).send(await dependencies.metrics.registry.metrics()),
  )
  for (const [url, summary] of [
    ['/healthz', 'Liveness: the process answers.'],
    ['/readyz', 'Readiness: 503 while stopping.'],
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
