// Manifest -> the requests a first deploy sends, in the order it sends them. Pure: no AWS call,
// no clock, no environment; the SDK packages are imported for their types only.
import type { Manifest } from '../manifest/schema.js'
import type { RenderContext } from './common.js'
import { renderAccessPoints } from './efs.js'
import { renderScheduledTasks } from './events.js'
import { renderLoadBalancing } from './loadBalancing.js'
import { renderLogGroups } from './logs.js'
import { renderScaling } from './scaling.js'
import { renderService } from './service.js'
import { renderTaskDefinition } from './taskDefinition.js'

export type { RenderContext } from './common.js'
export { clusterArn, familyArn, launchTarget, networkModeOf, roleArn, type LaunchTarget, type NetworkMode } from './common.js'
export { accessPointClientToken, accessPointIdOf, fileSystemIdOf, renderAccessPoints, renderEfsVolumeConfiguration } from './efs.js'
export { renderEcsParameters, renderScheduledTasks, renderTaskInput, renderTaskRule, renderTaskTargets, type RenderedScheduledTask } from './events.js'
export {
  loadBalancerArnOf,
  loadBalancerIdOf,
  renderListenerDefaultAction,
  renderListenerRule,
  renderListenerRules,
  renderLoadBalancing,
  renderTargetGroup,
  renderTargetGroupAttributes,
  renderTargetGroups,
  targetGroupArnOf,
  targetGroupDimensionOf,
  type RenderedLoadBalancer,
} from './loadBalancing.js'
export { logGroups, renderLogGroups, type LogGroup, type RenderedLogGroup } from './logs.js'
export {
  defaultAlarmDimensions,
  queueBacklogMetrics,
  renderScalableTarget,
  renderScaling,
  renderScheduledActions,
  renderStepAdjustments,
  renderStepAlarm,
  renderStepPolicy,
  renderStepScaling,
  renderTargetTrackingPolicies,
  requestCountResourceLabel,
  type RenderedScaling,
} from './scaling.js'
export { capacityProviderStrategy, initialDesiredCount, renderService } from './service.js'
export { renderContainerDefinition, renderEnvironment, renderPortMapping, renderSecrets, renderTaskDefinition } from './taskDefinition.js'

/** The SDK package an input belongs to: `@aws-sdk/client-<service>`. */
export type AwsService =
  | 'ecs'
  | 'elastic-load-balancing-v2'
  | 'efs'
  | 'application-auto-scaling'
  | 'cloudwatch'
  | 'eventbridge'
  | 'cloudwatch-logs'

/** One request as `render` prints it: the input is exactly the SDK command's input. */
export interface RenderedRequest {
  service: AwsService
  /** The API operation, e.g. RegisterTaskDefinition (the SDK command without `Command`). */
  operation: string
  input: Record<string, unknown>
}

const request = (service: AwsService, operation: string, input: object): RenderedRequest => ({
  service,
  operation,
  input: input as Record<string, unknown>,
})

/**
 * Every request a first deploy sends, in order. Each resource comes after what it refers to:
 * log groups and access points before the task definition that names them; target groups, then
 * the rule or listener action that attaches them to a load balancer (ECS refuses a target group
 * without one) before the service; the service before its scalable target; a step policy
 * before the alarm whose action it is; a rule before its targets.
 */
export function renderRequests(manifest: Manifest, context: RenderContext): RenderedRequest[] {
  const requests: RenderedRequest[] = []
  for (const group of renderLogGroups(manifest)) {
    requests.push(request('cloudwatch-logs', 'CreateLogGroup', group.createLogGroup))
    if (group.putRetentionPolicy) requests.push(request('cloudwatch-logs', 'PutRetentionPolicy', group.putRetentionPolicy))
  }
  for (const accessPoint of renderAccessPoints(manifest)) requests.push(request('efs', 'CreateAccessPoint', accessPoint))
  requests.push(request('ecs', 'RegisterTaskDefinition', renderTaskDefinition(manifest, context)))
  for (const lb of renderLoadBalancing(manifest)) {
    requests.push(request('elastic-load-balancing-v2', 'CreateTargetGroup', lb.createTargetGroup))
    if (lb.modifyTargetGroupAttributes) requests.push(request('elastic-load-balancing-v2', 'ModifyTargetGroupAttributes', lb.modifyTargetGroupAttributes))
    if (lb.createRule) requests.push(request('elastic-load-balancing-v2', 'CreateRule', lb.createRule))
    if (lb.modifyListener) requests.push(request('elastic-load-balancing-v2', 'ModifyListener', lb.modifyListener))
  }
  requests.push(request('ecs', 'CreateService', renderService(manifest)))
  const scaling = renderScaling(manifest)
  if (scaling) {
    requests.push(request('application-auto-scaling', 'RegisterScalableTarget', scaling.registerScalableTarget))
    for (const policy of scaling.targetTrackingPolicies) requests.push(request('application-auto-scaling', 'PutScalingPolicy', policy))
    for (const { policy, alarm } of scaling.stepScaling) {
      requests.push(request('application-auto-scaling', 'PutScalingPolicy', policy))
      requests.push(request('cloudwatch', 'PutMetricAlarm', alarm))
    }
    for (const action of scaling.scheduledActions) requests.push(request('application-auto-scaling', 'PutScheduledAction', action))
  }
  for (const task of renderScheduledTasks(manifest, context)) {
    requests.push(request('eventbridge', 'PutRule', task.putRule))
    requests.push(request('eventbridge', 'PutTargets', task.putTargets))
  }
  return requests
}
