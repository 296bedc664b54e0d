// Runs the test endpoint on its own, for demos and benchmarks:
//   npx tsx test/endpoint/main.ts --port 4566 --latency 50 --throttle 0.3 --seed-file fixtures.json
// Prints its URL as the first line on stdout; point ecsctl at it with AWS_ENDPOINT_URL. Seed it,
// change faults and read the request log through the control API under /_endpoint/.
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { manifestFacts, seedForManifest } from './examples.js'
import { startEndpoint } from './index.js'
import { applySeedDocument, type SeedDocument } from './seed.js'

const USAGE = `Usage: tsx test/endpoint/main.ts [options]
  --port N           port on 127.0.0.1 (default 4566; 0 for any free port)
  --latency MS       added to every response (default 0)
  --throttle RATE    share of requests throttled, 0..1 (default 0)
  --errors RATE      share of requests failing with 500/503, 0..1 (default 0)
  --seed N           seed of the fault choices (default 1)
  --steps N          DescribeServices calls until a deployment settles (default 2)
  --account ID       account id (default 123456789012)
  --region NAME      region of seeded resources (default us-east-1)
  --seed-file FILE   JSON: { clusters, loadBalancers, listeners, fileSystems, images, logGroups }
  --cluster NAME     seed an ECS cluster (repeatable)
  --manifest FILE    seed what FILE expects to exist: cluster, listeners, file systems, image
                     tags v1, v2, v1.2.3, crash-1 (repeatable; the first sets account and region)

Control API: GET|DELETE /_endpoint/requests, POST /_endpoint/seed (same JSON as --seed-file),
POST /_endpoint/faults {latencyMs, throttleRate, errorRate, seed}, POST /_endpoint/reset.`

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4566' },
    latency: { type: 'string', default: '0' },
    throttle: { type: 'string', default: '0' },
    errors: { type: 'string', default: '0' },
    seed: { type: 'string', default: '1' },
    steps: { type: 'string', default: '2' },
    account: { type: 'string' },
    region: { type: 'string' },
    'seed-file': { type: 'string' },
    cluster: { type: 'string', multiple: true },
    manifest: { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  },
})

if (values.help) {
  console.log(USAGE)
  process.exit(0)
}

const numberOption = (name: string, value: string): number => {
  const parsed = Number(value)
  if (!Number.isFinite(parsed)) {
    console.error(`--${name} must be a number, not "${value}"\n\n${USAGE}`)
    process.exit(2)
  }
  return parsed
}

const manifests = (values.manifest ?? []).map((path) => {
  const text = readFileSync(path, 'utf8')
  return { text, ...manifestFacts(text) }
})

const endpoint = await startEndpoint({
  port: numberOption('port', values.port),
  latencyMs: numberOption('latency', values.latency),
  throttleRate: numberOption('throttle', values.throttle),
  errorRate: numberOption('errors', values.errors),
  seed: numberOption('seed', values.seed),
  deploymentSteps: numberOption('steps', values.steps),
  accountId: values.account ?? manifests[0]?.account,
  region: values.region ?? manifests[0]?.region,
})

if (values['seed-file']) applySeedDocument(endpoint.seed, JSON.parse(readFileSync(values['seed-file'], 'utf8')) as SeedDocument)
for (const name of values.cluster ?? []) endpoint.seed.cluster(name)
for (const { text } of manifests) seedForManifest(endpoint, text)

console.log(endpoint.url)
console.error(`ecsctl test endpoint listening on ${endpoint.url} (Ctrl-C stops it)`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    const faults = endpoint.requests.filter((r) => r.fault).length
    console.error(`\n${endpoint.requests.length} requests answered (${faults} with injected faults)`)
    void endpoint.close().then(() => process.exit(0))
  })
}
