/**
 * `npm run bench`: every benchmark in one run, each printing its figures beside a baseline measured in
 * the same run. Pass names to run a subset: `npm run bench -- ingest send`.
 */
const benches: Record<string, () => Promise<unknown>> = {
  ingest: async () => (await import('./ingest-bench.js')).runIngestBench(),
  send: async () => (await import('./send-bench.js')).runSendBench(),
  desktop: async () => (await import('./desktop-bench.js')).runDesktopBench(),
  console: async () => (await import('./console-bench.js')).runConsoleBench(),
  log: async () => (await import('./log-bench.js')).runLogBench(),
  cluster: async () => (await import('./cluster-bench.js')).runClusterBench(),
  report: async () => (await import('./report-bench.js')).runReportBench(),
}

const wanted = process.argv.slice(2)
const selected = wanted.length === 0 ? Object.keys(benches) : wanted
for (const name of selected) {
  const bench = benches[name]
  if (bench === undefined) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(benches).join(', ')}`)
    process.exit(2)
  }
  console.log(`\n=== ${name} ===`)
  await bench()
}

// A module, so top-level await is allowed.
export {}
