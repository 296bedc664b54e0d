// Faults on demand: added latency, a share of requests throttled, a share failing with a 5xx.
// A faulty request is answered before the operation runs, so a fault never changes state (as
// with AWS, where a throttled request was not performed and a retry is safe).
import type { AwsServiceName } from './context.js'
import { AwsError } from './errors.js'

export interface FaultSettings {
  /** Added to every response, faulty or not. */
  latencyMs: number
  /** Share of requests (0..1) answered with the service's throttling error. */
  throttleRate: number
  /** Share of requests (0..1) answered with InternalFailure (500) or ServiceUnavailable (503). */
  errorRate: number
  /** Seed of the random choices, so a run can be repeated. */
  seed: number
  /** Which requests faults may hit; all of them when absent. */
  appliesTo?: (request: { service: AwsServiceName; operation: string }) => boolean
}

export type FaultKind = 'throttle' | 'server-error'

export const NO_FAULTS: FaultSettings = { latencyMs: 0, throttleRate: 0, errorRate: 0, seed: 1 }

export class Faults {
  #settings: FaultSettings
  #random: () => number

  constructor(settings: FaultSettings) {
    this.#settings = settings
    this.#random = seededRandom(settings.seed)
  }

  get settings(): FaultSettings {
    return this.#settings
  }

  /** Changes some settings; a new seed restarts the sequence of random choices. */
  update(changes: Partial<FaultSettings>): void {
    this.#settings = { ...this.#settings, ...changes }
    if (changes.seed !== undefined) this.#random = seededRandom(changes.seed)
  }

  /** The fault this request gets, if any: one draw per request keeps runs repeatable. */
  decide(request: { service: AwsServiceName; operation: string }): FaultKind | undefined {
    const { throttleRate, errorRate, appliesTo } = this.#settings
    if (throttleRate <= 0 && errorRate <= 0) return undefined
    if (appliesTo && !appliesTo(request)) return undefined
    const draw = this.#random()
    if (draw < throttleRate) return 'throttle'
    if (draw < throttleRate + errorRate) return 'server-error'
    return undefined
  }

  /** The error of a fault, in the code the SDK retries for this service's protocol. */
  error(kind: FaultKind, service: AwsServiceName): AwsError {
    if (kind === 'throttle') return throttlingError(service)
    return this.#random() < 0.5
      ? new AwsError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500)
      : new AwsError('ServiceUnavailable', 'The service is unavailable. Please try again later.', 503)
  }
}

/**
 * awsQuery services name it Throttling, JSON ones ThrottlingException (CloudWatch, JSON but
 * query-compatible, keeps Throttling); EFS sends it with status 429. All of these are in the
 * SDK's list of throttling codes (@smithy/core retry: THROTTLING_ERROR_CODES).
 */
function throttlingError(service: AwsServiceName): AwsError {
  switch (service) {
    case 'elastic-load-balancing-v2':
    case 'sts':
    case 'cloudwatch':
      return new AwsError('Throttling', 'Rate exceeded')
    case 'efs':
      return new AwsError('ThrottlingException', 'Rate exceeded', 429)
    default:
      return new AwsError('ThrottlingException', 'Rate exceeded')
  }
}

/** mulberry32: small, fast and good enough to pick which requests fail. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
