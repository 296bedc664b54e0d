// Shared by the endpoint's tests: real SDK clients pointed at a started endpoint, and a retry
// strategy that keeps the SDK's own classification of errors but does not wait.
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling'
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { ECRClient } from '@aws-sdk/client-ecr'
import { ECSClient } from '@aws-sdk/client-ecs'
import { EFSClient } from '@aws-sdk/client-efs'
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import { EventBridgeClient } from '@aws-sdk/client-eventbridge'
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { startEndpoint, type Endpoint, type EndpointOptions } from './index.js'

export const ACCOUNT = '123456789012'
export const REGION = 'us-east-1'
export const LOAD_BALANCER = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/public/50dc6c495c0c9188`
export const LISTENER = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:listener/app/public/50dc6c495c0c9188/f2f7dc8efc522ab2`
export const NLB_LISTENER = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:listener/net/internal/60dc6c495c0c9188/a2f7dc8efc522ab3`
export const VPC = 'vpc-0a1b2c3d4e5f60718'

interface RetryToken {
  getRetryCount(): number
  getRetryDelay(): number
}

/**
 * A retry strategy with the standard one's rules (retry THROTTLING and TRANSIENT errors, up to
 * `maxAttempts`) and no backoff. The error type comes from the SDK's own classification, so a
 * test still proves that the SDK saw a throttle or a transient server error; `seen` records each.
 */
export function quickRetries(maxAttempts: number, seen: string[] = []) {
  const token = (count: number): RetryToken => ({ getRetryCount: () => count, getRetryDelay: () => 0 })
  return {
    mode: 'standard',
    acquireInitialRetryToken: async () => token(0),
    refreshRetryTokenForRetry: async (previous: RetryToken, info: { errorType: string }) => {
      seen.push(info.errorType)
      const retryable = info.errorType === 'THROTTLING' || info.errorType === 'TRANSIENT'
      if (!retryable || previous.getRetryCount() + 1 >= maxAttempts) throw new Error('No retry token available')
      return token(previous.getRetryCount() + 1)
    },
    recordSuccess: () => undefined,
  }
}

export type Clients = ReturnType<typeof sdkClients>

/** One real SDK client per service, all pointed at the endpoint. */
export function sdkClients(endpoint: Endpoint, extra: { maxAttempts?: number; retryStrategy?: ReturnType<typeof quickRetries> } = {}) {
  const config = { ...endpoint.clientConfig(REGION), ...extra }
  return {
    ecs: new ECSClient(config),
    elbv2: new ElasticLoadBalancingV2Client(config),
    efs: new EFSClient(config),
    autoscaling: new ApplicationAutoScalingClient(config),
    cloudwatch: new CloudWatchClient(config),
    eventbridge: new EventBridgeClient(config),
    logs: new CloudWatchLogsClient(config),
    ecr: new ECRClient(config),
  }
}

export function destroyClients(clients: Clients): void {
  for (const client of Object.values(clients)) client.destroy()
}

/** What an SDK call rejected with, for asserting on its name and fields. */
export async function rejection(promise: Promise<unknown>): Promise<Error & { name: string; $metadata?: { httpStatusCode?: number; attempts?: number }; Code?: string }> {
  try {
    await promise
  } catch (error) {
    return error as Error & { name: string }
  }
  throw new Error('expected the call to fail, and it succeeded')
}

/** The usual surroundings of a service: cluster, an ALB listener and a VPC. */
export function seedBasics(endpoint: Endpoint): void {
  endpoint.seed.cluster('prod')
  endpoint.seed.loadBalancer({ arn: LOAD_BALANCER, type: 'application', vpcId: VPC })
  endpoint.seed.listener({ arn: LISTENER })
}

/**
 * For a test file: one endpoint and SDK clients for it, started before the first test (handed to
 * `use`) and closed after the last; before each test the endpoint is reset and `seed` runs on it.
 */
export function sharedEndpoint(
  use: (endpoint: Endpoint, clients: Clients) => void,
  { options = {}, seed = seedBasics }: { options?: EndpointOptions; seed?: (endpoint: Endpoint) => void } = {},
): void {
  let endpoint: Endpoint | undefined
  let clients: Clients | undefined
  beforeAll(async () => {
    endpoint = await startEndpoint(options)
    clients = sdkClients(endpoint)
    use(endpoint, clients)
  })
  afterAll(async () => {
    if (clients) destroyClients(clients)
    await endpoint?.close()
  })
  beforeEach(() => {
    endpoint?.reset()
    if (endpoint) seed(endpoint)
  })
}
