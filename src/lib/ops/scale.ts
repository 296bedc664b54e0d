// `ecsctl scale`: set a service's desired count or its autoscaling range, asking in a terminal
// when no count is given. The count is checked against Application Auto Scaling's range first:
// a count outside it would be undone at the next scaling activity, which is worse than a refusal.
//
// What scale, run, delete and init share lives in service.ts (which service) and terminal.ts
// (prompts, waiting).
import type { ScalableTarget, ScalingPolicy } from '@aws-sdk/client-application-auto-scaling'
import { callAws } from '../aws/call.js'
import type { AwsClients } from '../aws/clients.js'
import { readScalableTarget, readScalingPolicies } from '../aws/readers/autoscaling.js'
import { EcsctlError, invalid } from '../errors.js'
import { scalableResourceId } from '../render/names.js'
import { requireService, type ServiceRef } from './service.js'
import type { Prompter, Waiting } from './terminal.js'

// ---------------------------------------------------------------------------------------------
// scale

/** The service's scalable target: the desired count of one ECS service. */
const SCALABLE = { ServiceNamespace: 'ecs', ScalableDimension: 'ecs:service:DesiredCount' } as const

export interface ScalingRange {
  min: number
  max: number
  /** Application Auto Scaling's three switches; all on means nothing moves the count. */
  suspended: { dynamicIn: boolean; dynamicOut: boolean; scheduled: boolean }
}

export interface ScaleState {
  cluster: string
  service: string
  desiredCount: number
  runningCount: number
  pendingCount: number
  /** Undefined when no scalable target is registered: the count is the service's alone. */
  range?: ScalingRange
  policies: { name: string; type: string }[]
}

export async function readScaleState(clients: AwsClients, ref: ServiceRef): Promise<ScaleState> {
  const resourceId = scalableResourceId({ name: ref.service, cluster: ref.cluster })
  const [service, target, policies] = await Promise.all([
    requireService(clients, ref),
    readScalableTarget(clients, resourceId),
    readScalingPolicies(clients, resourceId, ''),
  ])
  return {
    cluster: ref.cluster,
    service: ref.service,
    desiredCount: service.desiredCount ?? 0,
    runningCount: service.runningCount ?? 0,
    pendingCount: service.pendingCount ?? 0,
    range: target ? rangeOf(target) : undefined,
    policies: Object.values(policies).map(policySummary),
  }
}

function rangeOf(target: ScalableTarget): ScalingRange {
  return {
    min: target.MinCapacity ?? 0,
    max: target.MaxCapacity ?? 0,
    suspended: {
      dynamicIn: target.SuspendedState?.DynamicScalingInSuspended ?? false,
      dynamicOut: target.SuspendedState?.DynamicScalingOutSuspended ?? false,
      scheduled: target.SuspendedState?.ScheduledScalingSuspended ?? false,
    },
  }
}

function policySummary(policy: ScalingPolicy): { name: string; type: string } {
  const tracking = policy.TargetTrackingScalingPolicyConfiguration
  const metric = tracking?.PredefinedMetricSpecification?.PredefinedMetricType ?? (tracking?.CustomizedMetricSpecification ? 'custom metric' : undefined)
  const type = tracking ? `target tracking${metric ? ` ${metric}` : ''} at ${tracking.TargetValue ?? '?'}` : policy.PolicyType === 'StepScaling' ? 'step scaling' : (policy.PolicyType ?? 'policy')
  return { name: policy.PolicyName ?? '?', type }
}

/** Whether nothing in Application Auto Scaling moves the count: dynamic and scheduled scaling all suspended. */
export const isFullySuspended = (range: ScalingRange): boolean => range.suspended.dynamicIn && range.suspended.dynamicOut && range.suspended.scheduled

/** Whether Application Auto Scaling would move `count` back into the range. */
export function isUndoneByAutoscaling(count: number, range: ScalingRange | undefined): boolean {
  return range !== undefined && !isFullySuspended(range) && (count < range.min || count > range.max)
}

/** The state as a person reads it before choosing a count. */
export function formatScaleState(state: ScaleState): string {
  const lines = [
    `Service ${state.service} in cluster ${state.cluster}: desired ${state.desiredCount}, running ${state.runningCount}, pending ${state.pendingCount}.`,
  ]
  if (!state.range) {
    lines.push('Autoscaling: none (no scalable target is registered).')
  } else {
    const suspended = isFullySuspended(state.range) ? ' (suspended)' : suspendedParts(state.range)
    lines.push(`Autoscaling: min ${state.range.min}, max ${state.range.max}${suspended}.`)
    if (state.policies.length === 0) lines.push('  no scaling policies')
    for (const policy of state.policies) lines.push(`  policy ${policy.name}: ${policy.type}`)
  }
  return lines.join('\n')
}

function suspendedParts(range: ScalingRange): string {
  const parts = [
    range.suspended.dynamicIn ? 'scale-in' : undefined,
    range.suspended.dynamicOut ? 'scale-out' : undefined,
    range.suspended.scheduled ? 'scheduled actions' : undefined,
  ].filter(Boolean)
  return parts.length > 0 ? ` (suspended: ${parts.join(', ')})` : ''
}

/** What the user asked for, from arguments and flags or from the prompts. */
export interface ScaleRequest {
  count?: number
  min?: number
  max?: number
  /** Suspend dynamic and scheduled scaling, so that a count outside the range stays. */
  suspendScaling?: boolean
  /** Turn dynamic and scheduled scaling back on. */
  resumeScaling?: boolean
}

/** The requests to send, decided from the state; empty when nothing changes. */
export interface ScaleChanges {
  range?: { min: number; max: number }
  /** true: suspend all three; false: resume all three. */
  suspend?: boolean
  desiredCount?: number
}

const hasRequest = (request: ScaleRequest) =>
  request.count !== undefined || request.min !== undefined || request.max !== undefined || Boolean(request.suspendScaling) || Boolean(request.resumeScaling)

/**
 * Decides what to send, or refuses (exit 2, nothing sent) when the result would not hold: a
 * range with min above max, a range for a service without one and only one bound given, or a
 * count Application Auto Scaling would undo.
 */
export function planScaleChanges(state: ScaleState, request: ScaleRequest): ScaleChanges {
  const changes: ScaleChanges = {}
  let range = state.range
  if (request.min !== undefined || request.max !== undefined) {
    const min = request.min ?? state.range?.min
    const max = request.max ?? state.range?.max
    if (min === undefined || max === undefined) {
      throw invalid(`Service ${state.service} has no autoscaling range yet: pass both --min and --max to register one.`)
    }
    if (min > max) throw invalid(`--min ${min} is above --max ${max}.`)
    if (!state.range || state.range.min !== min || state.range.max !== max) changes.range = { min, max }
    range = { min, max, suspended: state.range?.suspended ?? { dynamicIn: false, dynamicOut: false, scheduled: false } }
  }
  if (range && request.suspendScaling && !isFullySuspended(range)) {
    changes.suspend = true
    range = { ...range, suspended: { dynamicIn: true, dynamicOut: true, scheduled: true } }
  }
  if (range && request.resumeScaling && (range.suspended.dynamicIn || range.suspended.dynamicOut || range.suspended.scheduled)) {
    changes.suspend = false
    range = { ...range, suspended: { dynamicIn: false, dynamicOut: false, scheduled: false } }
  }
  if (request.count !== undefined) {
    if (range && isUndoneByAutoscaling(request.count, range)) {
      throw invalid(
        `${request.count} is outside the autoscaling range of service ${state.service} (min ${range.min}, max ${range.max}): Application Auto Scaling would move the count back into the range.`,
        { hint: `Widen the range with --min/--max (e.g. \`ecsctl scale ${request.count} --${request.count < range.min ? 'min' : 'max'} ${request.count}\`), or pass --suspend-scaling to keep autoscaling from undoing it.` },
      )
    }
    if (request.count !== state.desiredCount) changes.desiredCount = request.count
  }
  return changes
}

export type ChoiceOutsideRange = 'widen' | 'suspend' | 'cancel'

export const validateCount = (value: number | undefined): true | string => {
  if (value === undefined || Number.isNaN(value)) return 'Enter a number of tasks.'
  if (!Number.isInteger(value) || value < 0) return 'Enter a whole number, 0 or more.'
  return true
}

/**
 * The interactive part: asks for the count and, when autoscaling would undo it, what to do
 * about the range. Undefined means the person cancelled.
 */
export async function askScaleRequest(state: ScaleState, prompter: Prompter, show: (text: string) => void): Promise<ScaleRequest | undefined> {
  show(formatScaleState(state))
  const count = await prompter.number({ message: 'New desired count:', default: state.desiredCount, validate: validateCount })
  const range = state.range
  if (!range || !isUndoneByAutoscaling(count, range)) return { count }
  const widened = { min: Math.min(range.min, count), max: Math.max(range.max, count) }
  show(
    `${count} is outside the autoscaling range (min ${range.min}, max ${range.max}). Application Auto Scaling keeps the count inside the range, so it would undo this at its next scaling activity.`,
  )
  const choice = await prompter.select<ChoiceOutsideRange>({
    message: 'What now?',
    choices: [
      { value: 'widen', name: `Widen the range to min ${widened.min}, max ${widened.max} and set ${count}`, description: 'Autoscaling keeps working within the wider range.' },
      {
        value: 'suspend',
        name: `Suspend autoscaling and set ${count}`,
        description: 'Dynamic scale-in, scale-out and scheduled actions stop until `ecsctl scale --resume-scaling` (or the next deploy).',
      },
      { value: 'cancel', name: 'Cancel', description: 'Change nothing.' },
    ],
  })
  if (choice === 'widen') return { count, ...widened }
  if (choice === 'suspend') return { count, suspendScaling: true }
  return undefined
}

/** Sends the changes: the range first, so that autoscaling never sees the new count outside it. */
export async function applyScaleChanges(clients: AwsClients, ref: ServiceRef, changes: ScaleChanges): Promise<void> {
  if (changes.range || changes.suspend !== undefined) {
    const autoscaling = await clients.autoscaling()
    const { RegisterScalableTargetCommand } = await import('@aws-sdk/client-application-auto-scaling')
    const resourceId = scalableResourceId({ name: ref.service, cluster: ref.cluster })
    const suspend = changes.suspend
    await callAws(`application-autoscaling:RegisterScalableTarget (${resourceId})`, () =>
      autoscaling.send(
        new RegisterScalableTargetCommand({
          ...SCALABLE,
          ResourceId: resourceId,
          ...(changes.range ? { MinCapacity: changes.range.min, MaxCapacity: changes.range.max } : {}),
          ...(suspend === undefined
            ? {}
            : { SuspendedState: { DynamicScalingInSuspended: suspend, DynamicScalingOutSuspended: suspend, ScheduledScalingSuspended: suspend } }),
        }),
      ),
    )
  }
  if (changes.desiredCount !== undefined) {
    const ecs = await clients.ecs()
    const { UpdateServiceCommand } = await import('@aws-sdk/client-ecs')
    const desiredCount = changes.desiredCount
    await callAws(`ecs:UpdateService (service "${ref.service}" in cluster "${ref.cluster}")`, () =>
      ecs.send(new UpdateServiceCommand({ cluster: ref.cluster, service: ref.service, desiredCount })),
    )
  }
}

/** Poll every 2 s, up to every 6 s while nothing changes: tasks take tens of seconds to start. */
const COUNT_POLL = { initialMs: 2000, factor: 1.5, maxMs: 6000 } as const

export interface WaitedCount {
  runningCount: number
  desiredCount: number
  elapsedMs: number
}

/** Waits until the service runs as many tasks as it wants, with none pending. */
export async function waitForRunningCount(clients: AwsClients, ref: ServiceRef, timeoutMs: number, waiting: Waiting): Promise<WaitedCount> {
  const started = waiting.now()
  let delay: number = COUNT_POLL.initialMs
  let last: string | undefined
  try {
    for (;;) {
      throwIfInterrupted(waiting.signal, ref, last)
      const service = await requireService(clients, ref)
      const running = service.runningCount ?? 0
      const desired = service.desiredCount ?? 0
      const pending = service.pendingCount ?? 0
      const state = `service ${ref.service}: running ${running}/${desired}${pending > 0 ? ` pending ${pending}` : ''}`
      if (running === desired && pending === 0) {
        const elapsedMs = waiting.now() - started
        waiting.progress.done(state)
        return { runningCount: running, desiredCount: desired, elapsedMs }
      }
      delay = state === last ? Math.min(COUNT_POLL.maxMs, delay * COUNT_POLL.factor) : COUNT_POLL.initialMs
      if (state !== last) waiting.progress.state(state)
      last = state
      const left = started + timeoutMs - waiting.now()
      if (left <= 0) {
        throw new EcsctlError('timeout', `Timed out after ${Math.round(timeoutMs / 1000)}s waiting for ${state}.`, {
          hint: 'ECS carries on starting or stopping tasks; check `ecsctl status`, or wait longer with --timeout.',
          details: { cluster: ref.cluster, service: ref.service, runningCount: running, desiredCount: desired, pendingCount: pending },
        })
      }
      try {
        await waiting.sleep(Math.min(delay, left), waiting.signal)
      } catch (error) {
        throwIfInterrupted(waiting.signal, ref, last)
        throw error
      }
    }
  } catch (error) {
    waiting.progress.fail(error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error))
    throw error
  }
}

function throwIfInterrupted(signal: AbortSignal | undefined, ref: ServiceRef, lastSeen: string | undefined): void {
  if (!signal?.aborted) return
  throw new EcsctlError('interrupted', `Stopped waiting for service ${ref.service}; the new count stays and ECS carries on. Last seen: ${lastSeen ?? 'nothing yet'}.`, {
    hint: 'Follow it with `ecsctl status`.',
  })
}

export interface ScaleResult {
  service: string
  cluster: string
  before: {
    desiredCount: number
    runningCount: number
    pendingCount: number
    autoscaling: { min: number; max: number; suspended: boolean } | null
  }
  /** What was sent; empty when nothing needed to change. */
  changed: { desiredCount?: number; autoscaling?: { min: number; max: number }; scalingSuspended?: boolean }
  /** The person chose Cancel at the prompt: nothing was sent. */
  cancelled: boolean
  /** With --wait: the counts when running reached desired. */
  waited?: WaitedCount
}

export interface ScaleInput {
  clients: AwsClients
  ref: ServiceRef
  request: ScaleRequest
  /** Present in a terminal: with no request, the count is asked for. */
  prompter?: Prompter
  /** Where the interactive state and explanations go (stderr). */
  show: (text: string) => void
  /** With --wait. */
  wait?: { timeoutMs: number; waiting: Waiting }
}

/** The whole of `ecsctl scale`: read, ask or check, send, and wait if asked. */
export async function scaleService(input: ScaleInput): Promise<ScaleResult> {
  // Refused before any request: without a terminal there is nobody to ask.
  if (!hasRequest(input.request) && !input.prompter) {
    throw invalid('Pass the desired COUNT (e.g. `ecsctl scale 3`), or --min/--max for the autoscaling range.', {
      hint: 'Without a terminal ecsctl cannot ask for the count.',
    })
  }
  const state = await readScaleState(input.clients, input.ref)
  let request: ScaleRequest | undefined = input.request
  if (!hasRequest(input.request) && input.prompter) request = await askScaleRequest(state, input.prompter, input.show)
  const before: ScaleResult['before'] = {
    desiredCount: state.desiredCount,
    runningCount: state.runningCount,
    pendingCount: state.pendingCount,
    autoscaling: state.range ? { min: state.range.min, max: state.range.max, suspended: isFullySuspended(state.range) } : null,
  }
  const base = { service: state.service, cluster: state.cluster, before }
  if (!request) return { ...base, changed: {}, cancelled: true }

  const changes = planScaleChanges(state, request)
  await applyScaleChanges(input.clients, input.ref, changes)
  const changed: ScaleResult['changed'] = {}
  if (changes.desiredCount !== undefined) changed.desiredCount = changes.desiredCount
  if (changes.range) changed.autoscaling = changes.range
  if (changes.suspend !== undefined) changed.scalingSuspended = changes.suspend
  const waited = input.wait ? await waitForRunningCount(input.clients, input.ref, input.wait.timeoutMs, input.wait.waiting) : undefined
  return { ...base, changed, cancelled: false, ...(waited ? { waited } : {}) }
}

/** The result as text for a person. */
export function formatScaleResult(result: ScaleResult): string {
  const subject = `Service ${result.service} in cluster ${result.cluster}`
  if (result.cancelled) return `Cancelled: nothing was changed. ${subject} stays at desired ${result.before.desiredCount}.`
  const lines: string[] = []
  const { changed, before } = result
  if (changed.autoscaling) {
    const from = before.autoscaling ? `min ${before.autoscaling.min}, max ${before.autoscaling.max}` : 'none'
    lines.push(`Autoscaling range: ${from} -> min ${changed.autoscaling.min}, max ${changed.autoscaling.max}.`)
  }
  if (changed.scalingSuspended === true) {
    lines.push('Autoscaling suspended (dynamic scale-in, scale-out and scheduled actions). Turn it back on with `ecsctl scale --resume-scaling`.')
  }
  if (changed.scalingSuspended === false) lines.push('Autoscaling resumed.')
  if (changed.desiredCount !== undefined) lines.push(`${subject}: desired count ${before.desiredCount} -> ${changed.desiredCount}.`)
  if (lines.length === 0) lines.push(`${subject}: nothing to change (desired ${before.desiredCount}).`)
  if (result.waited) lines.push(`Running ${result.waited.runningCount}/${result.waited.desiredCount}.`)
  return lines.join('\n')
}
