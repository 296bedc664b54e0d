// One function per kind of resource and action: what apply runs for each change of the plan.
import { EcsctlError } from '../../errors.js'
import type { ResourceChange, ResourceKind } from '../../plan/index.js'
import type { StepContext } from './context.js'
import { applyAccessPoint, deleteAccessPoint } from './efs.js'
import { applyEventRule, deleteEventRule } from './events.js'
import { applyListener, applyListenerRule, applyTargetGroup, deleteListenerRule, deleteTargetGroup } from './loadBalancing.js'
import { applyLogGroup } from './logs.js'
import {
  applyAlarm,
  applyScalableTarget,
  applyScalingPolicy,
  applyScheduledAction,
  deleteAlarm,
  deleteScalableTarget,
  deleteScalingPolicy,
  deleteScheduledAction,
} from './scaling.js'
import { applyService } from './service.js'
import { applyTaskDefinition } from './taskDefinition.js'

export type { ServiceOutcome, StepContext, TaskDefinitionOutcome } from './context.js'
export { needsNewRevision, revisionOf } from './taskDefinition.js'
export { primaryDeploymentId, serviceUpdate } from './service.js'

/** Sends what one change needs; may return a note for the person reading the log. */
export type Step = (change: ResourceChange, context: StepContext) => Promise<string | undefined | void>

/** Creates and updates, by kind. */
const APPLY: Readonly<Record<ResourceKind, Step>> = {
  'log-group': applyLogGroup,
  'access-point': applyAccessPoint,
  'task-definition': applyTaskDefinition,
  'target-group': applyTargetGroup,
  'listener-rule': applyListenerRule,
  listener: applyListener,
  service: applyService,
  'scalable-target': applyScalableTarget,
  'scaling-policy': applyScalingPolicy,
  alarm: applyAlarm,
  'scheduled-action': applyScheduledAction,
  'event-rule': applyEventRule,
}

/** Deletes of what ecsctl created: the plan plans them for these kinds only. */
const DELETE: Readonly<Partial<Record<ResourceKind, Step>>> = {
  'access-point': deleteAccessPoint,
  'target-group': deleteTargetGroup,
  'listener-rule': deleteListenerRule,
  'scalable-target': deleteScalableTarget,
  'scaling-policy': deleteScalingPolicy,
  alarm: deleteAlarm,
  'scheduled-action': deleteScheduledAction,
  'event-rule': deleteEventRule,
}

export function stepFor(change: ResourceChange): Step {
  const step = change.action === 'delete' ? DELETE[change.kind] : APPLY[change.kind]
  if (!step) throw new EcsctlError('bug', `${change.resource}: ecsctl has no way to ${change.action} a ${change.kind}.`)
  return step
}
