// Waiting for a rollout: follow the one deployment this update created, by its id, until ECS says
// it COMPLETED or FAILED, rolled it back, or replaced it. "The service is stable" is not enough: a
// circuit-breaker rollback also ends in a stable service, running the old revision.
import type { Deployment, ECSClient, Service, ServiceEvent } from '@aws-sdk/client-ecs'
import type { AwsClients } from '../aws/clients.js'
import { toEcsctlError } from '../aws/errors.js'
import { EcsctlError } from '../errors.js'
import type { ProgressReporter } from '../output/progress.js'
import { EXPLAIN_LIMITS, countsOf, explainFailure, failureDetails, formatDuration, formatFailure, type FailureVerdict } from './explain.js'

/**
 * Poll every 2 s at first, 1.5 times longer after each poll that shows nothing new, at most every
 * 6 s; back to 2 s as soon as something changes. Completion is noticed within 6 s, and a quiet
 * rollout costs about 10 DescribeServices a minute.
 */
export const POLLING = {
  initialMs: 2000,
  factor: 1.5,
  maxMs: 6000,
  /** Polls that fail after the SDK's own retries (throttling, 5xx, network) tolerated in a row. */
  transientFailures: 3,
  /** Polls for which a deployment never seen may be missing from the list (eventual consistency). */
  unlistedPolls: 3,
} as const

export interface WaitInput {
  clients: AwsClients
  cluster: string
  service: string
  /** The id of the deployment the update created (`ecs-svc/...`), from UpdateService or CreateService. */
  deploymentId: string
  timeoutMs: number
  /** Aborted on Ctrl-C: stop waiting, say that ECS carries on. */
  signal?: AbortSignal
  /** The task definition the service ran before the update: a PRIMARY running it again is a rollback. */
  previousTaskDefinition?: string
}

export interface WaitDeps {
  /** Resolves after `ms`; may reject when `signal` aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  /** Milliseconds, as Date.now(). */
  now: () => number
  progress: ProgressReporter
}

export interface WaitOutcome {
  outcome: 'completed'
  deploymentId: string
  taskDefinition?: string
  runningCount: number
  desiredCount: number
  elapsedMs: number
}

/** The delay before the next poll. */
export function nextPollDelay(currentMs: number, changed: boolean): number {
  return changed ? POLLING.initialMs : Math.min(POLLING.maxMs, currentMs * POLLING.factor)
}

/** Everything the waiter has learnt so far. */
interface Watch {
  readonly deploymentId: string
  /** The last view of our deployment while it was listed. */
  deployment?: Deployment
  /** Task definitions of the other deployments listed next to ours: a later PRIMARY running one is a rollback. */
  readonly earlierTaskDefinitions: Set<string>
  /** Service event ids already reported or deliberately skipped. */
  readonly eventIds: Set<string>
  /** Events since our deployment started, newest first (as ECS lists them). */
  events: ServiceEvent[]
  polls: number
  unlistedPolls: number
  stateText?: string
  snapshot?: Service
}

type Verdict =
  | { kind: 'in progress' }
  | { kind: 'completed'; deployment: Deployment }
  | { kind: 'ended'; verdict: Exclude<FailureVerdict, 'timed out'>; replacement?: Deployment }

export async function waitForDeployment(input: WaitInput, deps: WaitDeps): Promise<WaitOutcome> {
  const started = deps.now()
  const deadline = started + input.timeoutMs
  const watch: Watch = {
    deploymentId: input.deploymentId,
    earlierTaskDefinitions: new Set(input.previousTaskDefinition ? [input.previousTaskDefinition] : []),
    eventIds: new Set(),
    events: [],
    polls: 0,
    unlistedPolls: 0,
  }
  let delay: number = POLLING.initialMs
  let failuresInARow = 0
  try {
    const ecs = await input.clients.ecs()
    for (;;) {
      throwIfInterrupted(input, watch)
      const service = await describeService(ecs, input, watch).catch((error: unknown) => {
        failuresInARow += 1
        if (!isTransient(error) || failuresInARow > POLLING.transientFailures) throw toEcsctlError(error, describeContext(input))
        return undefined
      })
      let changed = false
      if (service) {
        failuresInARow = 0
        changed = observe(service, watch, deps.progress)
        const verdict = judge(service, watch)
        if (verdict.kind === 'completed') return completed(verdict.deployment, deps, started)
        if (verdict.kind === 'ended') throw await endedError(input, watch, verdict)
      }
      if (deps.now() >= deadline) throw await timeoutError(input, watch, deps.now() - started)
      // The first poll always counts as a change (its state is new), so the first pause is the shortest.
      delay = nextPollDelay(delay, changed)
      await pause(Math.min(delay, deadline - deps.now()), input, watch, deps)
    }
  } catch (error) {
    deps.progress.fail(firstLine(error))
    throw error
  }
}

const describeContext = (input: WaitInput) => `ecs:DescribeServices (service "${input.service}" in cluster "${input.cluster}")`

async function describeService(ecs: ECSClient, input: WaitInput, watch: Watch): Promise<Service> {
  const { DescribeServicesCommand } = await import('@aws-sdk/client-ecs')
  let output
  try {
    output = await ecs.send(new DescribeServicesCommand({ cluster: input.cluster, services: [input.service] }), { abortSignal: input.signal })
  } catch (error) {
    // An aborted request is the user's Ctrl-C, not an AWS failure.
    throwIfInterrupted(input, watch)
    throw error
  }
  const service = output.services?.find((s) => s.serviceName === input.service)
  if (!service || service.status === 'INACTIVE') {
    const reason = output.failures?.[0]?.reason
    throw new EcsctlError('aws', `${describeContext(input)}: the service no longer exists${reason ? ` (${reason})` : ''}; it was deleted while ecsctl waited.`, {
      hint: 'Check who deleted it (CloudTrail), then deploy again to create it.',
      details: { cluster: input.cluster, service: input.service, deploymentId: input.deploymentId },
    })
  }
  return service
}

/** Throttling, server errors and network failures that outlived the SDK's retries: worth another poll. */
function isTransient(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const e = error as { name?: unknown; code?: unknown; $fault?: unknown; $retryable?: unknown }
  if (e.$retryable !== undefined || e.$fault === 'server') return true
  const name = typeof e.name === 'string' ? e.name : ''
  const code = typeof e.code === 'string' ? e.code : ''
  return /Throttl|TooManyRequests|RequestLimitExceeded|TimeoutError/.test(name) || /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|EAI_AGAIN)$/.test(code)
}

/**
 * Records what a new description of the service shows and reports what is new: the state of our
 * deployment when it changed, and each service event once. Returns whether anything changed.
 */
function observe(service: Service, watch: Watch, progress: ProgressReporter): boolean {
  watch.polls += 1
  watch.snapshot = service
  const deployments = service.deployments ?? []
  const ours = deployments.find((d) => d.id === watch.deploymentId)
  if (ours) {
    watch.deployment = ours
    watch.unlistedPolls = 0
    for (const other of deployments) {
      if (other.id !== ours.id && other.taskDefinition && isOlder(other, ours)) watch.earlierTaskDefinitions.add(other.taskDefinition)
    }
  } else {
    watch.unlistedPolls += 1
  }

  const fresh = newEvents(service.events ?? [], watch)
  for (const event of fresh) progress.event(event.message ?? '', event.createdAt)

  const stateText = ours ? deploymentState(ours) : `deployment ${watch.deploymentId} is not listed by ECS${watch.deployment ? ' any more' : ' yet'}`
  const stateChanged = stateText !== watch.stateText
  if (stateChanged) progress.state(stateText)
  watch.stateText = stateText
  return stateChanged || fresh.length > 0
}

function isOlder(other: Deployment, ours: Deployment): boolean {
  if (!other.createdAt || !ours.createdAt) return other.status !== 'PRIMARY'
  return other.createdAt.getTime() < ours.createdAt.getTime()
}

/**
 * The events not reported yet, oldest first. Events from before our deployment was created are
 * about earlier deployments and are skipped; until it has been seen, only those naming it count.
 */
function newEvents(events: ServiceEvent[], watch: Watch): ServiceEvent[] {
  const since = watch.deployment?.createdAt
  const relevant = (event: ServiceEvent) =>
    since ? (event.createdAt?.getTime() ?? 0) >= since.getTime() : Boolean(event.message?.includes(watch.deploymentId)) || watch.polls > 1
  const fresh: ServiceEvent[] = []
  for (const event of events) {
    const id = event.id ?? `${event.createdAt?.getTime()}:${event.message}`
    if (watch.eventIds.has(id)) continue
    watch.eventIds.add(id)
    if (relevant(event)) fresh.push(event)
  }
  watch.events = [...fresh].concat(watch.events).sort(newestFirst).slice(0, 50)
  return fresh.sort(newestFirst).reverse()
}

const newestFirst = (a: ServiceEvent, b: ServiceEvent) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0)

/** `deployment ecs-svc/123 IN_PROGRESS running 1/2`, plus pending and failed tasks when there are any. */
export function deploymentState(deployment: Deployment): string {
  const counts = countsOf(deployment)
  let text = `deployment ${deployment.id} ${deployment.rolloutState ?? deployment.status ?? ''} running ${counts.running}/${counts.desired}`
  if (counts.pending > 0) text += ` pending ${counts.pending}`
  if (counts.failed > 0) text += ` failed tasks ${counts.failed}`
  return text
}

/** Where our deployment stands, judged from the latest description of the service. */
function judge(service: Service, watch: Watch): Verdict {
  const deployments = service.deployments ?? []
  const primary = deployments.find((d) => d.status === 'PRIMARY')
  const ours = deployments.find((d) => d.id === watch.deploymentId)
  if (ours) {
    if (ours.rolloutState === 'COMPLETED') return { kind: 'completed', deployment: ours }
    if (ours.rolloutState === 'FAILED') {
      // With rollback enabled the circuit breaker has already made a new PRIMARY of the old revision.
      return { kind: 'ended', verdict: 'failed', replacement: primary && primary.id !== ours.id ? primary : undefined }
    }
    // A newer PRIMARY took over before ours finished: someone else deployed (or, rarely, rolled back).
    if (ours.status !== 'PRIMARY' && primary && primary.id !== ours.id) {
      return { kind: 'ended', verdict: rollbackEvidence(primary, watch) ? 'rolled back' : 'replaced', replacement: primary }
    }
    // Without a circuit breaker ECS retries a crashing revision for ever; stop where the breaker would have.
    if (ours.rolloutState === 'IN_PROGRESS' && !hasCircuitBreaker(service) && countsOf(ours).failed >= failureThreshold(countsOf(ours).desired)) {
      return { kind: 'ended', verdict: 'failing' }
    }
    // Without a rollout state (e.g. the CODE_DEPLOY controller), completed means steady: ours alone, all running.
    if (ours.rolloutState === undefined && isSteadyAlone(ours, deployments)) return { kind: 'completed', deployment: ours }
    return { kind: 'in progress' }
  }
  if (rollbackEvidence(primary, watch)) return { kind: 'ended', verdict: 'rolled back', replacement: primary }
  // Just after UpdateService a deployment may not be listed yet: give it a few polls.
  if (!watch.deployment && watch.unlistedPolls < POLLING.unlistedPolls) return { kind: 'in progress' }
  return { kind: 'ended', verdict: 'replaced', replacement: primary }
}

const hasCircuitBreaker = (service: Service): boolean => service.deploymentConfiguration?.deploymentCircuitBreaker?.enable === true

/** Failed tasks after which ECS's circuit breaker fails a deployment: half the desired count, at least 3, at most 200. */
export const failureThreshold = (desired: number): number => Math.min(200, Math.max(3, Math.ceil(desired / 2)))

function isSteadyAlone(ours: Deployment, deployments: Deployment[]): boolean {
  const counts = countsOf(ours)
  return ours.status === 'PRIMARY' && deployments.length === 1 && counts.pending === 0 && counts.running === counts.desired
}

/**
 * Our deployment is gone and the service runs something else: was it a circuit-breaker rollback?
 * Yes when the new PRIMARY runs a revision that ran before ours, or says it is a rollback, or a
 * service event names our deployment as failed or rolled back.
 */
function rollbackEvidence(primary: Deployment | undefined, watch: Watch): boolean {
  const ourRevision = watch.deployment?.taskDefinition
  if (primary?.taskDefinition && primary.taskDefinition !== ourRevision && watch.earlierTaskDefinitions.has(primary.taskDefinition)) return true
  if (primary?.rolloutStateReason && /circuit breaker|roll(ed|ing)? ?back/i.test(primary.rolloutStateReason)) return true
  return watch.events.some(
    (event) => /rolling back|rolled back/i.test(event.message ?? '') || (Boolean(event.message?.includes(watch.deploymentId)) && /fail|circuit breaker/i.test(event.message ?? '')),
  )
}

function completed(deployment: Deployment, deps: WaitDeps, started: number): WaitOutcome {
  const elapsedMs = deps.now() - started
  const counts = countsOf(deployment)
  deps.progress.done(`deployment ${deployment.id} COMPLETED running ${counts.running}/${counts.desired} in ${formatDuration(elapsedMs)}`)
  return {
    outcome: 'completed',
    deploymentId: deployment.id ?? '',
    taskDefinition: deployment.taskDefinition,
    runningCount: counts.running,
    desiredCount: counts.desired,
    elapsedMs,
  }
}

const HINTS: Record<FailureVerdict, string> = {
  failed:
    'Fix the cause shown above and deploy again. Without circuit-breaker rollback ECS keeps trying to start the failed revision; `ecsctl rollback` returns to the previous one.',
  failing:
    'ECS keeps starting tasks of this revision until the service changes. Fix the cause shown above and deploy again, or return to the previous revision with `ecsctl rollback`. With `deployment.circuitBreaker: { enable: true, rollback: true }` in the manifest ECS stops and rolls back by itself.',
  'rolled back': 'ECS returns the service to the previous revision. Fix the cause shown above and deploy again; `ecsctl status` shows what runs now.',
  replaced:
    'Something else deployed this service while ecsctl waited (another pipeline or person?). Check `ecsctl status` before deploying again.',
  'timed out':
    'ECS carries on with the rollout: follow it with `ecsctl status` (same -f and --env), or give it longer with --timeout.',
}

async function endedError(input: WaitInput, watch: Watch, verdict: Extract<Verdict, { kind: 'ended' }>): Promise<EcsctlError> {
  const report = await explainFailure(input.clients, {
    verdict: verdict.verdict,
    cluster: input.cluster,
    service: input.service,
    deploymentId: input.deploymentId,
    snapshot: watch.snapshot ?? {},
    deployment: watch.deployment,
    replacement: verdict.replacement,
    events: recentEvents(watch),
  })
  // A FAILED deployment with a new PRIMARY next to it is being rolled back by the circuit breaker.
  const hint = verdict.verdict === 'failed' && verdict.replacement ? HINTS['rolled back'] : HINTS[verdict.verdict]
  return new EcsctlError('rollout', formatFailure(report), { hint, details: failureDetails(report) })
}

async function timeoutError(input: WaitInput, watch: Watch, waitedMs: number): Promise<EcsctlError> {
  const report = await explainFailure(input.clients, {
    verdict: 'timed out',
    cluster: input.cluster,
    service: input.service,
    deploymentId: input.deploymentId,
    snapshot: watch.snapshot ?? {},
    deployment: watch.deployment,
    events: recentEvents(watch),
    waitedMs,
    // Stopped tasks say why a rollout is stuck; when none failed there is nothing to read.
    readTasks: (watch.deployment?.failedTasks ?? 0) > 0,
  })
  return new EcsctlError('timeout', formatFailure(report), { hint: HINTS['timed out'], details: failureDetails(report) })
}

/** The newest few events since our deployment started, oldest first. */
function recentEvents(watch: Watch): ServiceEvent[] {
  return watch.events.slice(0, EXPLAIN_LIMITS.events).reverse()
}

async function pause(ms: number, input: WaitInput, watch: Watch, deps: WaitDeps): Promise<void> {
  try {
    await deps.sleep(Math.max(0, ms), input.signal)
  } catch (error) {
    throwIfInterrupted(input, watch)
    throw error
  }
}

function throwIfInterrupted(input: WaitInput, watch: Watch): void {
  if (!input.signal?.aborted) return
  const lastSeen = watch.stateText ?? 'no state seen yet'
  throw new EcsctlError(
    'interrupted',
    `Stopped waiting for deployment ${input.deploymentId} of service "${input.service}" in cluster "${input.cluster}". ECS carries on with the rollout; ecsctl did not cancel it. Last seen: ${lastSeen}.`,
    {
      hint: `Follow it with \`ecsctl status\` (same -f and --env), or \`aws ecs describe-services --cluster ${input.cluster} --services ${input.service}\`.`,
      details: { cluster: input.cluster, service: input.service, deploymentId: input.deploymentId, lastSeen },
    },
  )
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.split('\n', 1)[0] ?? message
}
