import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

/** The relay's Prometheus metrics, on a registry of its own so several relays can share a process. */
export interface RelayMetrics {
  readonly registry: Registry
  readonly pushesReceived: Counter<'mode'>
  readonly pushesRejected: Counter<'reason'>
  readonly pushesDeduplicated: Counter
  readonly agentsConnected: Gauge
  readonly ackLatency: Histogram
  /** Writes the store refused for its disk (full, I/O error, unopenable file, failed fsync), by kind. */
  readonly storeFailures: Counter<'kind'>
  /** 1 while the store writes, 0 while it cannot: what an alert watches, since an idle relay counts nothing. */
  readonly storeWritable: Gauge
  /** Tries to take a follower's media from WeChat, by outcome (`stored`, `retrying`, `failed`). */
  readonly mediaFetches: Counter<'outcome'>
}

/** Creates the metrics the operating contract promises on `/metrics`. */
export function createRelayMetrics(): RelayMetrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'kefu_relay_' })
  return {
    registry,
    pushesReceived: new Counter({
      name: 'kefu_relay_pushes_received_total',
      help: 'WeChat pushes verified and accepted, by encryption mode',
      labelNames: ['mode'],
      registers: [registry],
    }),
    pushesRejected: new Counter({
      name: 'kefu_relay_pushes_rejected_total',
      help: 'Webhook requests refused and stored nowhere, by reason',
      labelNames: ['reason'],
      registers: [registry],
    }),
    pushesDeduplicated: new Counter({
      name: 'kefu_relay_pushes_deduplicated_total',
      help: 'Pushes WeChat delivered again (retries) that were already stored',
      registers: [registry],
    }),
    agentsConnected: new Gauge({
      name: 'kefu_relay_agents_connected',
      help: 'Desktops connected to the socket hub',
      registers: [registry],
    }),
    ackLatency: new Histogram({
      name: 'kefu_relay_webhook_ack_seconds',
      help: 'From a webhook request arriving to its durable acknowledgement',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    storeFailures: new Counter({
      name: 'kefu_relay_store_failures_total',
      help: 'Store writes that failed on the disk (nothing of them was stored), by kind',
      labelNames: ['kind'],
      registers: [registry],
    }),
    mediaFetches: new Counter({
      name: 'kefu_relay_media_fetches_total',
      help: 'Tries to fetch a follower’s media from WeChat, by outcome (stored, retrying, failed)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    storeWritable: new Gauge({
      name: 'kefu_relay_store_writable',
      help: '1 while the store can write, 0 while its disk refuses writes',
      registers: [registry],
    }),
  }
}
