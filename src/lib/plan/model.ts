// The plan: what a deploy of a manifest would change, resource by resource, in the order a
// deploy applies it. Plain data, so that `diff --json` prints it as it is.
import type { FieldChange } from './diff.js'

export type { FieldChange } from './diff.js'

export type ResourceKind =
  | 'log-group'
  | 'access-point'
  | 'task-definition'
  | 'target-group'
  | 'listener-rule'
  | 'listener'
  | 'service'
  | 'scalable-target'
  | 'scaling-policy'
  | 'alarm'
  | 'scheduled-action'
  | 'event-rule'

/**
 * The order a deploy creates and updates resources in: each after what it refers to (log groups
 * and access points before the task definition naming them; target groups, then the rule or
 * listener action attaching them, before the service; the service before its scaling; a step
 * policy before the alarm whose action it is).
 */
export const APPLY_ORDER: readonly ResourceKind[] = [
  'log-group',
  'access-point',
  'task-definition',
  'target-group',
  'listener-rule',
  'listener',
  'service',
  'scalable-target',
  'scaling-policy',
  'alarm',
  'scheduled-action',
  'event-rule',
]

/** How a person calls each kind, as plan lines and impacts say it. */
export const KIND_LABEL: Readonly<Record<ResourceKind, string>> = {
  'log-group': 'log group',
  'access-point': 'access point',
  'task-definition': 'task definition',
  'target-group': 'target group',
  'listener-rule': 'listener rule',
  listener: 'listener',
  service: 'service',
  'scalable-target': 'scalable target',
  'scaling-policy': 'scaling policy',
  alarm: 'alarm',
  'scheduled-action': 'scheduled action',
  'event-rule': 'event rule',
}

export type ChangeAction = 'create' | 'update' | 'delete' | 'unchanged'

export interface ResourceChange {
  /** Kind and name as a person reads them: `task definition web`. */
  resource: string
  kind: ResourceKind
  name: string
  action: ChangeAction
  /**
   * Field by field: for an update what differs (before = live, after = the manifest); for a
   * create every field sent (after only); none for a delete or an unchanged resource.
   */
  changes: FieldChange[]
  /** What the change does beyond its fields, when that matters. */
  impact?: string
  /**
   * For apply, not printed: what a deploy sends for this resource, with the placeholders the live
   * state resolves; the others (values of resources still to be created) stay for apply to fill
   * from the outputs of earlier steps. Absent for a delete.
   */
  input?: unknown
  /** For apply, not printed: the ARN or id of the live resource this change updates or deletes. */
  liveId?: string
}

export interface Plan {
  service: string
  cluster: string
  /** Creates and updates in apply order, then deletes in reverse apply order. */
  resources: ResourceChange[]
}

export const IMPACT = {
  newRevision: 'new task definition revision',
  newDeployment: 'starts a new deployment',
  recreateService: 'cannot change in place: the service must be recreated',
  recreateTargetGroup: 'cannot change in place: the target group must be recreated',
  recreateAccessPoint: 'cannot change in place: the access point must be recreated',
  missingListener: 'the listener does not exist: ecsctl does not create listeners',
  /** An existing rule or listener moved to a target group this deploy creates. */
  movesTrafficToNewTargetGroup:
    'moves traffic to a new target group at once: it has no healthy targets until the new tasks pass their health checks, so expect errors (503) for part of the rollout',
  priorityTaken: (priority: number | undefined) => `priority ${priority ?? '?'} is taken by a rule ecsctl did not create`,
  /** Another rule of this service holds it (one being deleted or moved): AWS refuses two at one priority. */
  priorityTakenByOwnRule: (priority: number | undefined) =>
    `priority ${priority ?? '?'} is held by another rule ecsctl created for this service, which this deploy would delete or move only afterwards`,
  deletes: (kind: ResourceKind) => `deletes ${/^[aeiou]/.test(KIND_LABEL[kind]) ? 'an' : 'a'} ${KIND_LABEL[kind]} ecsctl created`,
} as const
