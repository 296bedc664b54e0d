// A local AWS-compatible endpoint for tests: one HTTP server on 127.0.0.1 that answers the ECS,
// ELBv2, EFS, Application Auto Scaling, CloudWatch, CloudWatch Logs, EventBridge, ECR and STS
// operations ecsctl uses, in each service's own wire protocol, from state kept in memory. Point
// the SDK at `url` (the `endpoint` client option, or AWS_ENDPOINT_URL for a subprocess).
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { AwsServiceName, Simulation } from './context.js'
import { CONTROL_PREFIX, handleControlRequest } from './control.js'
import { Faults, NO_FAULTS, type FaultSettings } from './faults.js'
import { createSeeder, type Seeder } from './seed.js'
import { handleAwsRequest, readBody, type RecordedRequest } from './server.js'
import { clearState, emptyState, type EndpointState } from './state.js'

export { longestDependentChain } from './analysis.js'
export type { AwsServiceName } from './context.js'
export { AwsError } from './errors.js'
export type { FaultKind, FaultSettings } from './faults.js'
export type { ListenerSeed, LoadBalancerSeed, SeedDocument, Seeder } from './seed.js'
export type { RecordedRequest } from './server.js'
export { isReadOnlyOperation } from './services/index.js'
export type { EndpointState } from './state.js'

export interface EndpointOptions {
  /** Port on 127.0.0.1; 0 (the default) takes a free one. */
  port?: number
  /** Added to every response. */
  latencyMs?: number
  /** Share of requests (0..1) answered with the service's throttling error. */
  throttleRate?: number
  /** Share of requests (0..1) answered with a 500 or 503. */
  errorRate?: number
  /** Seed of the fault choices (default 1), so runs repeat. */
  seed?: number
  /** DescribeServices calls until a deployment settles (default 2); DescribeTasks calls until a RunTask task ends. */
  deploymentSteps?: number
  /** Whether an image crashes on start; default: its tag contains "crash" (`web:v2-crash`). */
  crashingImages?: (image: string) => boolean
  /** Default 123456789012. */
  accountId?: string
  /** Region of seeded resources that do not take it from an ARN (default us-east-1). */
  region?: string
  /** Requests signed with an access key this rejects get the service's invalid-token error. Default: all accepted. */
  acceptAccessKeyId?: (accessKeyId: string) => boolean
}

export interface Endpoint {
  /** `http://127.0.0.1:<port>` */
  url: string
  /** Everything the endpoint holds; tests may read it and, with care, change it. */
  state: EndpointState
  /** Every request answered, in the order answered. */
  requests: RecordedRequest[]
  /** Puts in place what ecsctl expects to exist (clusters, load balancers, listeners, file systems, images). */
  seed: Seeder
  /** Settings for SDK clients in tests: this endpoint, a region and fake credentials. */
  clientConfig(region?: string): { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } }
  /** Environment for a subprocess (the built CLI): endpoint, region, fake credentials, no instance metadata. */
  env(region?: string): Record<string, string>
  /** Requests of one service and operation, e.g. `calls('ecs', 'RegisterTaskDefinition')`. */
  calls(service: AwsServiceName, operation?: string): RecordedRequest[]
  /** Changes latency, fault rates, the seed or which requests faults apply to. */
  setFaults(changes: Partial<FaultSettings>): void
  /** Forgets the recorded requests, keeping the state. */
  clearRequests(): void
  /** Empties the state and the request log (ids start again at 1), and restores the faults given at start. */
  reset(): void
  close(): Promise<void>
}

const ACCOUNT_ID = '123456789012'

/** By default an image crashes when its tag says so: `web:v2-crash`, `api:crash`. */
export function defaultCrashingImages(image: string): boolean {
  const name = image.split('@')[0] ?? ''
  const tag = name.slice(name.lastIndexOf('/') + 1).split(':')[1] ?? ''
  return tag.includes('crash')
}

export async function startEndpoint(options: EndpointOptions = {}): Promise<Endpoint> {
  const initialFaults: FaultSettings = {
    ...NO_FAULTS,
    latencyMs: options.latencyMs ?? 0,
    throttleRate: options.throttleRate ?? 0,
    errorRate: options.errorRate ?? 0,
    seed: options.seed ?? NO_FAULTS.seed,
  }
  const faults = new Faults(initialFaults)
  const state = emptyState(options.accountId ?? ACCOUNT_ID)
  const region = options.region ?? 'us-east-1'
  const simulation: Simulation = { deploymentSteps: options.deploymentSteps ?? 2, crashingImages: options.crashingImages ?? defaultCrashingImages }
  const requests: RecordedRequest[] = []
  let lastId = 0

  const endpoint: Omit<Endpoint, 'url' | 'close'> = {
    state,
    requests,
    seed: createSeeder(state, region),
    clientConfig: (clientRegion = region) => ({
      endpoint: url,
      region: clientRegion,
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
    }),
    env: (clientRegion = region) => ({
      AWS_ENDPOINT_URL: url,
      AWS_REGION: clientRegion,
      AWS_ACCESS_KEY_ID: 'AKIDTEST',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    }),
    calls: (service, operation) => requests.filter((r) => r.service === service && (operation === undefined || r.operation === operation)),
    setFaults: (changes) => faults.update(changes),
    clearRequests: () => {
      requests.length = 0
    },
    reset: () => {
      clearState(state)
      requests.length = 0
      lastId = 0
      faults.update(initialFaults)
      faults.update({ appliesTo: undefined })
    },
  }

  const server = createServer({ keepAliveTimeout: 5000 }, (request, response) => {
    readBody(request)
      .then((body) => {
        if ((request.url ?? '').startsWith(CONTROL_PREFIX)) return handleControlRequest(request, response, body, endpoint)
        return handleAwsRequest(request, response, {
          state,
          faults,
          simulation,
          acceptAccessKeyId: options.acceptAccessKeyId ?? (() => true),
          record: (recorded) => requests.push(recorded),
          nextId: () => ++lastId,
        }, body)
      })
      .catch((error: unknown) => {
        // Only a broken connection gets here; nothing is left to answer.
        if (!response.headersSent) response.writeHead(500)
        response.end(String(error))
      })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    ...endpoint,
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        // Keep-alive connections from SDK clients would otherwise hold the server open.
        server.closeAllConnections()
      }),
  }
}
