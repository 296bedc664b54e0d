// What every apply step works with: the clients, the manifest and live state the plan came from,
// the placeholder values known so far (from the live state, then from what earlier steps created),
// and a log of the write requests sent. Each step is a function of one planned change and this.
import type { AwsClients } from '../../aws/clients.js'
import { callAws, callAwsOrAbsent } from '../../aws/call.js'
import { hasErrorCode } from '../../aws/errors.js'
import type { LiveState } from '../../aws/live-state.js'
import { EcsctlError } from '../../errors.js'
import type { Manifest } from '../../manifest/schema.js'
import { resolvePlaceholders, unresolvedPlaceholders, type ResourceChange } from '../../plan/index.js'

/** The revision the service runs after this deploy. */
export interface TaskDefinitionOutcome {
  /** Full ARN with the revision. */
  arn: string
  /** `family:revision`. */
  revision: string
  /** True when this deploy registered it; false when the latest ACTIVE revision was reused. */
  registered: boolean
}

/** What the service step did. */
export interface ServiceOutcome {
  /** The PRIMARY deployment after the request; a new one when the request started a rollout. */
  deploymentId?: string
  /** Whether the request started a deployment (a create, or an update ECS rolls out). */
  startedDeployment: boolean
}

export interface StepContext {
  clients: AwsClients
  manifest: Manifest
  live: LiveState
  /** Placeholder text -> value: from the live state at first, then from what each step creates. */
  values: Map<string, string>
  /** Set by the task definition step. */
  taskDefinition?: TaskDefinitionOutcome
  /** Set by the service step when it sent a request. */
  service?: ServiceOutcome
  /** Changes that must wait until the new deployment runs (deleting what old tasks still mount). */
  afterRollout: ResourceChange[]
  /** The write requests of the current step, as IAM actions (`ecs:UpdateService`), in order. */
  sent: string[]
}

/**
 * Sends one write request. `action` is its IAM action and `what` names the resource, so that a
 * failure reads `elasticloadbalancing:CreateRule (listener rule web-app-8080): ...`, and an
 * access-denied error names the permission to grant.
 */
export async function send<T>(context: StepContext, action: string, what: string, request: () => Promise<T>): Promise<T> {
  const output = await callAws(`${action} (${what})`, request)
  context.sent.push(action)
  return output
}

/**
 * Like `send`, but an error with one of `codes` is an answer, not a failure: undefined. For
 * requests whose goal may already be reached (a log group created meanwhile, a rule already gone).
 */
export async function sendAccepting<T>(
  context: StepContext,
  action: string,
  what: string,
  codes: readonly string[],
  request: () => Promise<T>,
): Promise<T | undefined> {
  const output = await callAwsOrAbsent(`${action} (${what})`, request, (error) => hasErrorCode(error, ...codes))
  context.sent.push(action)
  return output
}

/**
 * `input` with every placeholder filled. One left over is a value no step produced: sending it
 * would create something broken in AWS, so it is a bug to report instead.
 */
export function resolved<T>(context: StepContext, input: T, what: string): T {
  const value = resolvePlaceholders(input, context.values)
  const missing = unresolvedPlaceholders(value)
  if (missing.length > 0) {
    throw new EcsctlError('bug', `${what}: no value for ${missing.join(', ')} before sending it to AWS; nothing was sent for it.`, {
      hint: 'This is a bug in ecsctl. Run `ecsctl diff` to see the plan, and report it with the manifest (secrets removed).',
    })
  }
  return value
}

/** The input the plan carries for a create or update, as its SDK type (the change's kind decides which). */
export function inputOf<T>(change: ResourceChange): T {
  if (change.input === undefined) throw new EcsctlError('bug', `${change.resource}: the plan carries no input for a ${change.action}.`)
  return change.input as T
}

/** The live ARN or id the plan found, which updates and deletes need. */
export function liveIdOf(change: ResourceChange): string {
  if (!change.liveId) throw new EcsctlError('bug', `${change.resource}: the plan carries no ARN or id of the live resource for a ${change.action}.`)
  return change.liveId
}
