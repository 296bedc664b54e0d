// Application Auto Scaling (the scalable target, scaling policies, scheduled actions) and the
// CloudWatch alarms of step policies. A step policy's ARN, known once it is put, is the action of
// its alarm, which comes after it in the plan.
import type {
  PutScalingPolicyCommandInput,
  PutScheduledActionCommandInput,
  RegisterScalableTargetCommandInput,
} from '@aws-sdk/client-application-auto-scaling'
import type { PutMetricAlarmCommandInput } from '@aws-sdk/client-cloudwatch'
import { EcsctlError } from '../../errors.js'
import type { ResourceChange } from '../../plan/index.js'
import { placeholder, scalableResourceId } from '../../render/names.js'
import { inputOf, liveIdOf, resolved, send, sendAccepting, type StepContext } from './context.js'
import { changedFields, changesBeyond, hasTagUpdate, keyValueList, tagUpdate } from './fields.js'

const SCALABLE_DIMENSION = 'ecs:service:DesiredCount'
/** Application Auto Scaling's answer when what a delete names is gone already. */
const GONE = ['ObjectNotFoundException']

export async function applyScalableTarget(change: ResourceChange, context: StepContext): Promise<void> {
  const autoscaling = await context.clients.autoscaling()
  const { RegisterScalableTargetCommand } = await import('@aws-sdk/client-application-auto-scaling')
  const { Tags, ...input } = resolved(context, inputOf<RegisterScalableTargetCommandInput>(change), change.resource)
  // Tags are taken when the target is registered; on an existing one, TagResource would be the way (not compared).
  const request: RegisterScalableTargetCommandInput = change.action === 'create' ? { ...input, Tags } : input
  // Suspended scaling the manifest does not ask for is resumed: the plan shows it going back to "none".
  if (changedFields(change.changes).has('SuspendedState') && request.SuspendedState === undefined) {
    request.SuspendedState = { DynamicScalingInSuspended: false, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: false }
  }
  await send(context, 'application-autoscaling:RegisterScalableTarget', change.resource, () => autoscaling.send(new RegisterScalableTargetCommand(request)))
}

/** Deregistering also deletes the target's policies and scheduled actions. */
export async function deleteScalableTarget(change: ResourceChange, context: StepContext): Promise<void> {
  const autoscaling = await context.clients.autoscaling()
  const { DeregisterScalableTargetCommand } = await import('@aws-sdk/client-application-auto-scaling')
  await sendAccepting(context, 'application-autoscaling:DeregisterScalableTarget', change.resource, GONE, () =>
    autoscaling.send(new DeregisterScalableTargetCommand({ ServiceNamespace: 'ecs', ResourceId: change.name, ScalableDimension: SCALABLE_DIMENSION })),
  )
}

/** PutScalingPolicy replaces the whole policy, so what the manifest dropped goes back to its default. */
export async function applyScalingPolicy(change: ResourceChange, context: StepContext): Promise<void> {
  const autoscaling = await context.clients.autoscaling()
  const { PutScalingPolicyCommand } = await import('@aws-sdk/client-application-auto-scaling')
  const input = resolved(context, inputOf<PutScalingPolicyCommandInput>(change), change.resource)
  const output = await send(context, 'application-autoscaling:PutScalingPolicy', change.resource, () => autoscaling.send(new PutScalingPolicyCommand(input)))
  if (!output.PolicyARN) throw new EcsctlError('aws', `application-autoscaling:PutScalingPolicy (${change.resource}): no policy ARN in the answer.`)
  context.values.set(placeholder.stepPolicyArn(change.name), output.PolicyARN)
}

export async function deleteScalingPolicy(change: ResourceChange, context: StepContext): Promise<void> {
  const autoscaling = await context.clients.autoscaling()
  const { DeleteScalingPolicyCommand } = await import('@aws-sdk/client-application-auto-scaling')
  await sendAccepting(context, 'application-autoscaling:DeleteScalingPolicy', change.resource, GONE, () =>
    autoscaling.send(
      new DeleteScalingPolicyCommand({ PolicyName: change.name, ServiceNamespace: 'ecs', ResourceId: scalableResourceId(context.manifest), ScalableDimension: SCALABLE_DIMENSION }),
    ),
  )
}

/**
 * PutMetricAlarm replaces the alarm but ignores tags on an existing one (CloudWatch reference), so
 * an update sends tags through TagResource and UntagResource.
 */
export async function applyAlarm(change: ResourceChange, context: StepContext): Promise<void> {
  const cloudwatch = await context.clients.cloudwatch()
  const sdk = await import('@aws-sdk/client-cloudwatch')
  const { Tags, ...input } = resolved(context, inputOf<PutMetricAlarmCommandInput>(change), change.resource)
  if (change.action === 'create' || changesBeyond(change.changes, ['Tags'])) {
    const request: PutMetricAlarmCommandInput = change.action === 'create' ? { ...input, Tags } : input
    await send(context, 'cloudwatch:PutMetricAlarm', change.resource, () => cloudwatch.send(new sdk.PutMetricAlarmCommand(request)))
  }
  if (change.action !== 'update') return
  const update = tagUpdate(change.changes, 'Tags')
  if (!hasTagUpdate(update)) return
  const ResourceARN = liveIdOf(change)
  if (Object.keys(update.set).length > 0) {
    await send(context, 'cloudwatch:TagResource', change.resource, () => cloudwatch.send(new sdk.TagResourceCommand({ ResourceARN, Tags: keyValueList(update.set) })))
  }
  if (update.remove.length > 0) {
    await send(context, 'cloudwatch:UntagResource', change.resource, () => cloudwatch.send(new sdk.UntagResourceCommand({ ResourceARN, TagKeys: update.remove })))
  }
}

export async function deleteAlarm(change: ResourceChange, context: StepContext): Promise<void> {
  const cloudwatch = await context.clients.cloudwatch()
  const { DeleteAlarmsCommand } = await import('@aws-sdk/client-cloudwatch')
  // DeleteAlarms succeeds for names that do not exist.
  await send(context, 'cloudwatch:DeleteAlarms', change.resource, () => cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: [change.name] })))
}

/**
 * PutScheduledAction keeps the value of any field an update leaves out (its reference says so).
 * The time zone goes back to UTC by sending it; a start, end or capacity the manifest dropped can
 * only be cleared by deleting the action and putting it again.
 */
export async function applyScheduledAction(change: ResourceChange, context: StepContext): Promise<string | undefined> {
  const autoscaling = await context.clients.autoscaling()
  const sdk = await import('@aws-sdk/client-application-auto-scaling')
  const input = resolved(context, inputOf<PutScheduledActionCommandInput>(change), change.resource)
  // On a create, no time zone already means UTC.
  const request: PutScheduledActionCommandInput = change.action === 'create' ? input : { ...input, Timezone: input.Timezone ?? 'UTC' }
  const dropsAField = change.action === 'update' && change.changes.some((field) => 'before' in field && !('after' in field))
  if (dropsAField) {
    await sendAccepting(context, 'application-autoscaling:DeleteScheduledAction', change.resource, GONE, () =>
      autoscaling.send(
        new sdk.DeleteScheduledActionCommand({
          ServiceNamespace: input.ServiceNamespace,
          ResourceId: input.ResourceId,
          ScalableDimension: input.ScalableDimension,
          ScheduledActionName: input.ScheduledActionName,
        }),
      ),
    )
  }
  await send(context, 'application-autoscaling:PutScheduledAction', change.resource, () => autoscaling.send(new sdk.PutScheduledActionCommand(request)))
  return dropsAField ? 'deleted and put again: PutScheduledAction cannot clear a field' : undefined
}

export async function deleteScheduledAction(change: ResourceChange, context: StepContext): Promise<void> {
  const autoscaling = await context.clients.autoscaling()
  const { DeleteScheduledActionCommand } = await import('@aws-sdk/client-application-auto-scaling')
  await sendAccepting(context, 'application-autoscaling:DeleteScheduledAction', change.resource, GONE, () =>
    autoscaling.send(
      new DeleteScheduledActionCommand({
        ServiceNamespace: 'ecs',
        ResourceId: scalableResourceId(context.manifest),
        ScalableDimension: SCALABLE_DIMENSION,
        ScheduledActionName: change.name,
      }),
    ),
  )
}
