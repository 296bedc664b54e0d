// Application Auto Scaling: the service's scalable target, and the policies and scheduled
// actions ecsctl named with the service's prefix. The three requests are independent.
import type { ScalableTarget, ScalingPolicy, ScheduledAction } from '@aws-sdk/client-application-auto-scaling'
import { callAws } from '../call.js'
import type { AwsClients } from '../clients.js'
import { allPages, byName } from '../pages.js'

/** Which scalable target: the desired count of one ECS service. */
const SCOPE = { ServiceNamespace: 'ecs', ScalableDimension: 'ecs:service:DesiredCount' } as const

/** The scalable target of `resourceId` (service/CLUSTER/NAME), or undefined when none is registered. */
export async function readScalableTarget(clients: AwsClients, resourceId: string): Promise<ScalableTarget | undefined> {
  const autoscaling = await clients.autoscaling()
  const { DescribeScalableTargetsCommand } = await import('@aws-sdk/client-application-auto-scaling')
  const output = await callAws(`application-autoscaling:DescribeScalableTargets (${resourceId})`, () =>
    autoscaling.send(new DescribeScalableTargetsCommand({ ...SCOPE, ResourceIds: [resourceId] })),
  )
  return output.ScalableTargets?.find((target) => target.ResourceId === resourceId)
}

/** Scaling policies of `resourceId` whose names start with `prefix` (all pages), by name. */
export async function readScalingPolicies(clients: AwsClients, resourceId: string, prefix: string): Promise<Record<string, ScalingPolicy>> {
  const autoscaling = await clients.autoscaling()
  const { DescribeScalingPoliciesCommand } = await import('@aws-sdk/client-application-auto-scaling')
  const pages = await callAws(`application-autoscaling:DescribeScalingPolicies (${resourceId})`, () =>
    allPages(
      (token) => autoscaling.send(new DescribeScalingPoliciesCommand({ ...SCOPE, ResourceId: resourceId, NextToken: token })),
      (page) => page.NextToken,
    ),
  )
  return byName(
    pages.flatMap((page) => page.ScalingPolicies ?? []),
    (policy) => policy.PolicyName,
    prefix,
  )
}

/** Scheduled actions of `resourceId` whose names start with `prefix` (all pages), by name. */
export async function readScheduledActions(clients: AwsClients, resourceId: string, prefix: string): Promise<Record<string, ScheduledAction>> {
  const autoscaling = await clients.autoscaling()
  const { DescribeScheduledActionsCommand } = await import('@aws-sdk/client-application-auto-scaling')
  const pages = await callAws(`application-autoscaling:DescribeScheduledActions (${resourceId})`, () =>
    allPages(
      (token) => autoscaling.send(new DescribeScheduledActionsCommand({ ...SCOPE, ResourceId: resourceId, NextToken: token })),
      (page) => page.NextToken,
    ),
  )
  return byName(
    pages.flatMap((page) => page.ScheduledActions ?? []),
    (action) => action.ScheduledActionName,
    prefix,
  )
}
