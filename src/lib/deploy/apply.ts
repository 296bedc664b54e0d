// Applying a plan: each change, in the plan's order, through the step for its kind, with the values
// earlier steps produced (a new target group's ARN goes into the rule and the service, a policy's
// ARN into its alarm, an access point's id into the task definition). Changes ecsctl will not make
// are refused before the first write. A failing step stops the service there; the error says what
// was applied and what was not, and since every step is planned from what AWS holds, running
// deploy again continues where this one stopped.
import type { AwsClients } from '../aws/clients.js'
import type { LiveState } from '../aws/live-state.js'
import { EcsctlError, type ErrorKind } from '../errors.js'
import type { Manifest } from '../manifest/schema.js'
import { IMPACT, placeholderValuesFrom, type Plan, type ResourceChange } from '../plan/index.js'
import { managedAccessPoints } from '../render/efs.js'
import type { RenderContext } from '../render/index.js'
import { accessPointName, placeholder } from '../render/names.js'
import { IMMUTABLE_TARGET_GROUP_FIELDS } from '../plan/normalize/loadBalancing.js'
import { changedFields } from './steps/fields.js'
import { stepFor, type ServiceOutcome, type StepContext, type TaskDefinitionOutcome } from './steps/index.js'

export interface ApplyInput {
  clients: AwsClients
  manifest: Manifest
  live: LiveState
  plan: Plan
  /** Region and account (from STS): what render and the plan used. */
  context: RenderContext
  /** Checked between steps: Ctrl-C stops before the next one, never in the middle of a request. */
  signal?: AbortSignal
  /** Told about each change as soon as it is applied, for the progress log. */
  onApplied?: (action: AppliedAction) => void
}

/** One planned change that was applied, with the write requests it took. */
export interface AppliedAction {
  /** `target group web-app-8080` */
  resource: string
  action: 'create' | 'update' | 'delete'
  /** IAM actions of the requests sent, in order: `elasticloadbalancing:CreateTargetGroup`. */
  requests: string[]
  /** What a person wants to know beyond that: `registered web:8`. */
  note?: string
}

export interface ApplyResult {
  actions: AppliedAction[]
  /** The revision the service runs: registered now, or the latest ACTIVE one reused. */
  taskDefinition: TaskDefinitionOutcome
  /** Set when the service was created or updated. */
  service?: ServiceOutcome
  /** The revision the service ran before (a PRIMARY running it again after ours is a rollback). */
  previousTaskDefinition?: string
  /** Changes to make once the new deployment runs: see applyAfterRollout. */
  afterRollout: ResourceChange[]
}

/** A step failed: the changes before it were applied, it and those after it were not. */
export class ApplyError extends EcsctlError {
  readonly applied: AppliedAction[]
  readonly notApplied: string[]
  /** The revision chosen before the failure, if the task definition step ran. */
  readonly taskDefinition?: TaskDefinitionOutcome

  constructor(
    kind: ErrorKind,
    message: string,
    options: {
      hint?: string
      cause: unknown
      applied: AppliedAction[]
      notApplied: string[]
      taskDefinition?: TaskDefinitionOutcome
      details?: Record<string, unknown>
    },
  ) {
    super(kind, message, { hint: options.hint, cause: options.cause, details: { ...options.details, applied: options.applied, notApplied: options.notApplied } })
    this.name = 'ApplyError'
    this.applied = options.applied
    this.notApplied = options.notApplied
    this.taskDefinition = options.taskDefinition
  }
}

/** Applies `plan`; throws EcsctlError for a refused change (before any write) and ApplyError when a step fails. */
export async function applyPlan(input: ApplyInput): Promise<ApplyResult> {
  refuseWhatCannotBeApplied(input.plan)
  const context: StepContext = {
    clients: input.clients,
    manifest: input.manifest,
    live: input.live,
    values: initialValues(input),
    afterRollout: [],
    sent: [],
  }
  const changes = changesToApply(input.plan)
  const actions = await runSteps(changes, context, input, 'deploy')
  if (!context.taskDefinition) throw new EcsctlError('bug', `The plan for service ${input.plan.service} has no task definition.`)
  return {
    actions,
    taskDefinition: context.taskDefinition,
    service: context.service,
    previousTaskDefinition: input.live.service?.taskDefinition,
    afterRollout: context.afterRollout,
  }
}

/**
 * What waits for the new deployment: deleting access points (replaced ones, and those the manifest
 * no longer declares) and target groups the service moved off, which tasks of the previous
 * deployment use until they stop.
 */
export async function applyAfterRollout(changes: readonly ResourceChange[], input: ApplyInput): Promise<AppliedAction[]> {
  if (changes.length === 0) return []
  const context: StepContext = { clients: input.clients, manifest: input.manifest, live: input.live, values: new Map(), afterRollout: [], sent: [] }
  return runSteps(changes, context, input, 'after rollout')
}

/** The changes in plan order, but the task definition always (even unchanged, the service needs its revision). */
function changesToApply(plan: Plan): ResourceChange[] {
  return plan.resources.filter((change) => change.action !== 'unchanged' || change.kind === 'task-definition')
}

/**
 * Deletes that must wait for the rollout go to `afterRollout` rather than run in order: the
 * previous deployment's tasks still mount those access points and sit in those target groups.
 */
const waitsForRollout = (change: ResourceChange): boolean => change.action === 'delete' && (change.kind === 'access-point' || change.kind === 'target-group')

/** `deploy`: the plan's changes; `after rollout`: what waited for the new deployment. */
type Stage = 'deploy' | 'after rollout'

async function runSteps(changes: readonly ResourceChange[], context: StepContext, input: ApplyInput, stage: Stage): Promise<AppliedAction[]> {
  const actions: AppliedAction[] = []
  for (const [index, change] of changes.entries()) {
    if (input.signal?.aborted) throw interruptedError(input.plan, actions, changes.slice(index), context)
    if (stage === 'deploy' && waitsForRollout(change)) {
      context.afterRollout.push(change)
      continue
    }
    context.sent = []
    let note: string | undefined
    try {
      note = (await stepFor(change)(change, context)) ?? undefined
    } catch (error) {
      // A step of several requests may have sent some before the one that failed.
      if (context.sent.length > 0) actions.push({ ...actionOf(change, context.sent), note: 'partly applied: the request after these failed' })
      throw applyError(input.plan, error, change, actions, changes.slice(index + 1), stage, context)
    }
    if (change.action === 'unchanged') continue
    const action = { ...actionOf(change, context.sent), ...(note ? { note } : {}) }
    actions.push(action)
    input.onApplied?.(action)
  }
  return actions
}

const actionOf = (change: ResourceChange, requests: string[]): AppliedAction => ({
  resource: change.resource,
  action: change.action as AppliedAction['action'],
  requests: [...requests],
})

/**
 * Placeholder values from the live state, less those of resources this deploy creates anew: their
 * value comes from the step that creates them, never from the resource being replaced.
 */
function initialValues({ manifest, live, context, plan }: ApplyInput): Map<string, string> {
  const values = placeholderValuesFrom(manifest, { ...live, accountId: context.accountId }, context)
  for (const change of plan.resources) {
    if (change.kind === 'target-group' && change.action === 'create') {
      values.delete(placeholder.targetGroupArn(change.name))
      values.delete(placeholder.targetGroupId(change.name))
    }
    if (change.kind === 'access-point' && (change.action === 'create' || change.impact === IMPACT.recreateAccessPoint)) {
      const volume = managedAccessPoints(manifest).find((entry) => accessPointName(manifest, entry.volume) === change.name)?.volume
      if (volume) values.delete(placeholder.accessPointId(volume))
    }
  }
  return values
}

// --- what ecsctl will not do ----------------------------------------------------------------

/** What UpdateService cannot change (loadBalancers only under another deployment controller). */
const SERVICE_FIELDS_SET_ONCE = ['serviceName', 'cluster', 'schedulingStrategy', 'launchType', 'loadBalancers'] as const

interface Refusal {
  kind: ErrorKind
  text: string
}

/** The priority a listener rule change asks for. */
const priorityOf = (change: ResourceChange): number | undefined => (change.input as { Priority?: number } | undefined)?.Priority

/** Why a change cannot be applied and what to do instead, or undefined when it can be. */
function refusalOf(change: ResourceChange, plan: Plan): Refusal | undefined {
  const changed = changedFields(change.changes)
  const named = (fields: readonly string[], otherwise: string) => fields.filter((field) => changed.has(field)).join(', ') || otherwise
  switch (change.impact) {
    case IMPACT.recreateService:
      return {
        kind: 'invalid',
        // Without one of these fields, it is the task definition's network mode (see the plan's serviceImpact).
        text: `${change.resource}: ${named(SERVICE_FIELDS_SET_ONCE, 'the network mode')} cannot change on an existing service; ecsctl does not delete a running service to recreate it. Either keep the old value, or delete the service (aws ecs delete-service --cluster ${plan.cluster} --service ${plan.service} --force; it stops its tasks) and deploy again to create it anew.`,
      }
    case IMPACT.recreateTargetGroup:
      return {
        kind: 'invalid',
        text: `${change.resource}: ${named(IMMUTABLE_TARGET_GROUP_FIELDS, 'its settings')} cannot change on an existing target group. Give the load balancer entry a new \`targetGroupName\`: ecsctl creates that target group, moves the service to it, and deletes the old one once the rollout completed.`,
      }
    case IMPACT.missingListener:
      return { kind: 'aws', text: `${change.resource}: its listener does not exist, and ecsctl does not create listeners. Create it, or fix the listener ARN in the manifest.` }
    default:
      if (change.impact === IMPACT.priorityTakenByOwnRule(priorityOf(change))) {
        return { kind: 'invalid', text: `${change.resource}: ${change.impact}. Deploy once with a free priority for it, then again with the one you want.` }
      }
      if (change.impact?.startsWith('priority ')) {
        return { kind: 'aws', text: `${change.resource}: ${change.impact}. Choose a free priority in the manifest (\`aws elbv2 describe-rules --listener-arn ...\` lists those taken).` }
      }
      return undefined
  }
}

/** Throws one error listing every change ecsctl will not make; nothing has been sent at that point. */
export function refuseWhatCannotBeApplied(plan: Plan): void {
  const refusals = plan.resources.flatMap((change) => {
    const refusal = refusalOf(change, plan)
    return refusal ? [refusal] : []
  })
  if (refusals.length === 0) return
  const kind: ErrorKind = refusals.some((r) => r.kind === 'invalid') ? 'invalid' : 'aws'
  const lines = refusals.map((r) => `  ${r.text}`).join('\n')
  throw new EcsctlError(kind, `Service ${plan.service} in cluster ${plan.cluster}: ${refusals.length === 1 ? 'a change' : `${refusals.length} changes`} cannot be applied, so nothing was changed:\n${lines}`, {
    hint: '`ecsctl diff` shows the whole plan.',
    details: { refused: refusals.map((r) => r.text) },
  })
}

// --- failures --------------------------------------------------------------------------------

const listOf = (items: readonly string[]): string => (items.length === 0 ? 'nothing' : items.join(', '))

function describeApplied(actions: readonly AppliedAction[]): string[] {
  return actions.map((a) => `${a.resource} (${a.note ? `${a.note}; ` : ''}${a.requests.join(', ') || 'no request'})`)
}

function applyError(
  plan: Plan,
  error: unknown,
  failed: ResourceChange,
  applied: AppliedAction[],
  after: readonly ResourceChange[],
  stage: Stage,
  context: StepContext,
): ApplyError {
  const cause = error instanceof EcsctlError ? error : undefined
  const what = stage === 'deploy' ? 'the deploy' : 'deleting what the previous deployment used'
  const message = error instanceof Error ? error.message : String(error)
  const notApplied = [...[failed, ...after].filter((c) => c.action !== 'unchanged'), ...context.afterRollout].map((c) => `${c.action} ${c.resource}`)
  return new ApplyError(
    cause?.kind ?? 'bug',
    [
      `Service ${plan.service} in cluster ${plan.cluster}: ${what} stopped at ${failed.action} ${failed.resource}: ${message}`,
      `Applied: ${listOf(describeApplied(applied))}.`,
      `Not applied: ${listOf(notApplied)}.`,
    ].join('\n'),
    {
      hint: `${cause?.hint ? `${cause.hint} ` : ''}Then deploy again: ecsctl plans from what AWS holds now, so it continues where this run stopped.`,
      cause: error,
      applied,
      notApplied,
      taskDefinition: context.taskDefinition,
      details: { ...cause?.details, failedStep: `${failed.action} ${failed.resource}` },
    },
  )
}

function interruptedError(plan: Plan, applied: AppliedAction[], remaining: readonly ResourceChange[], context: StepContext): ApplyError {
  // Deletes already put off until after the rollout are not applied either.
  const notApplied = [...remaining.filter((c) => c.action !== 'unchanged'), ...context.afterRollout].map((c) => `${c.action} ${c.resource}`)
  const rollout = context.service?.startedDeployment
    ? ` ECS carries on with deployment ${context.service.deploymentId ?? ''} of the service; ecsctl did not cancel it.`
    : ''
  return new ApplyError(
    'interrupted',
    [
      `Service ${plan.service} in cluster ${plan.cluster}: interrupted between two steps; nothing was left half-sent.${rollout}`,
      `Applied: ${listOf(describeApplied(applied))}.`,
      `Not applied: ${listOf(notApplied)}.`,
    ].join('\n'),
    { hint: 'Deploy again to apply the rest.', cause: undefined, applied, notApplied, taskDefinition: context.taskDefinition },
  )
}
