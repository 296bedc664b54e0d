// The ECS service: DescribeServices' answer back into CreateService's input, reduced to the fields
// ecsctl sets, in one canonical form for both sides. Defaults come from the ECS API reference
// (CreateService, UpdateService, DeploymentConfiguration, CapacityProviderStrategyItem).
import type { CreateServiceCommandInput, DeploymentConfiguration, Service } from '@aws-sdk/client-ecs'
import { byField, byFields, pairs, type ListKeys } from '../diff.js'
import { compact, sortedBy, sortedSet, taskDefinitionRef, userTags } from './common.js'

/** `arn:aws:ecs:REGION:ACCOUNT:cluster/NAME` -> NAME; a name stays a name. */
export const clusterNameOf = (cluster: string | undefined): string | undefined => (cluster === undefined ? undefined : cluster.replace(/^arn:[^:]+:ecs:[^:]*:[^:]*:cluster\//, ''))

/**
 * The input fields a service echoes. What only describes it (ARN, status, counts, deployments,
 * events, roleArn, createdAt/By, platformFamily, taskSets) has no input field and is left out.
 */
export function serviceFromLive(service: Service): CreateServiceCommandInput {
  return compact({
    cluster: clusterNameOf(service.clusterArn),
    serviceName: service.serviceName ?? '',
    taskDefinition: service.taskDefinition,
    desiredCount: service.desiredCount,
    launchType: service.launchType,
    capacityProviderStrategy: service.capacityProviderStrategy,
    platformVersion: service.platformVersion,
    networkConfiguration: service.networkConfiguration,
    placementConstraints: service.placementConstraints,
    placementStrategy: service.placementStrategy,
    loadBalancers: service.loadBalancers,
    serviceRegistries: service.serviceRegistries,
    healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds,
    deploymentConfiguration: service.deploymentConfiguration,
    deploymentController: service.deploymentController,
    schedulingStrategy: service.schedulingStrategy,
    propagateTags: service.propagateTags,
    enableECSManagedTags: service.enableECSManagedTags,
    enableExecuteCommand: service.enableExecuteCommand,
    availabilityZoneRebalancing: service.availabilityZoneRebalancing,
    tags: service.tags,
  })
}

/** What the manifest says about fields that are compared only in some cases. */
export interface ServiceComparison {
  /** Autoscaling owns the running count: desiredCount is not a difference. */
  ignoreDesiredCount: boolean
  /**
   * The manifest names neither a launch type nor capacity providers, so the service took the
   * cluster's default strategy when it was created, and DescribeServices reports that strategy.
   */
  ignoreCapacityProviderStrategy: boolean
}

/** DeploymentConfiguration with the defaults ECS reports for a rolling-update service. */
function canonicalDeploymentConfiguration(configuration: DeploymentConfiguration | undefined, daemon: boolean): DeploymentConfiguration {
  const dc = configuration ?? {}
  const alarms = dc.alarms
  const strategy = dc.strategy ?? 'ROLLING'
  return {
    ...dc,
    // 200/100 for a replica service, 100/0 for a daemon (DeploymentConfiguration reference).
    maximumPercent: dc.maximumPercent ?? (daemon ? 100 : 200),
    minimumHealthyPercent: dc.minimumHealthyPercent ?? (daemon ? 0 : 100),
    deploymentCircuitBreaker: { enable: dc.deploymentCircuitBreaker?.enable ?? false, rollback: dc.deploymentCircuitBreaker?.rollback ?? false },
    // Reported as { alarmNames: [], enable: false, rollback: false } when nobody set any.
    alarms: alarms && (alarms.enable || (alarms.alarmNames?.length ?? 0) > 0) ? { ...alarms, alarmNames: sortedSet(alarms.alarmNames) } : undefined,
    strategy,
    // A bake time applies to blue/green deployments; 0 is the default.
    bakeTimeInMinutes: strategy === 'ROLLING' || !dc.bakeTimeInMinutes ? undefined : dc.bakeTimeInMinutes,
  }
}

/**
 * The fields ecsctl sets, with ECS's defaults written out. Not compared, because ecsctl does
 * not set them and a deploy leaves them as they are: availabilityZoneRebalancing (ENABLED on
 * create, kept on update), enableExecuteCommand, serviceRegistries and other integrations.
 */
export function canonicalService(input: CreateServiceCommandInput, comparison: ServiceComparison): CreateServiceCommandInput {
  const schedulingStrategy = input.schedulingStrategy ?? 'REPLICA'
  const awsvpc = input.networkConfiguration?.awsvpcConfiguration
  return compact({
    cluster: clusterNameOf(input.cluster),
    serviceName: input.serviceName,
    taskDefinition: taskDefinitionRef(input.taskDefinition),
    desiredCount: comparison.ignoreDesiredCount ? undefined : input.desiredCount,
    launchType: input.launchType,
    capacityProviderStrategy: comparison.ignoreCapacityProviderStrategy
      ? undefined
      : input.capacityProviderStrategy?.map((item) => ({ capacityProvider: item.capacityProvider, weight: item.weight ?? 0, base: item.base ?? 0 })),
    // A Fargate service reports LATEST when it was created without a version: the same as none.
    platformVersion: input.platformVersion === 'LATEST' ? undefined : input.platformVersion,
    networkConfiguration: awsvpc && {
      awsvpcConfiguration: { subnets: sortedSet(awsvpc.subnets), securityGroups: sortedSet(awsvpc.securityGroups), assignPublicIp: awsvpc.assignPublicIp ?? 'DISABLED' },
    },
    placementConstraints: input.placementConstraints,
    // The order of placement strategies is the order ECS applies them: compared as one list.
    placementStrategy: input.placementStrategy,
    loadBalancers: sortedBy(input.loadBalancers, loadBalancerKey),
    healthCheckGracePeriodSeconds: input.healthCheckGracePeriodSeconds ?? 0,
    deploymentConfiguration: canonicalDeploymentConfiguration(input.deploymentConfiguration, schedulingStrategy === 'DAEMON'),
    deploymentController: { type: input.deploymentController?.type ?? 'ECS' },
    schedulingStrategy,
    propagateTags: input.propagateTags ?? 'NONE',
    enableECSManagedTags: input.enableECSManagedTags ?? false,
    tags: userTags(input.tags, 'key', 'value'),
  })
}

const loadBalancerKey = (lb: { containerName?: string; containerPort?: number; targetGroupArn?: string; loadBalancerName?: string }) =>
  `${lb.containerName ?? ''}:${lb.containerPort ?? ''}`

export const serviceListKeys: ListKeys = {
  loadBalancers: { key: (lb) => loadBalancerKey(lb as Parameters<typeof loadBalancerKey>[0]) },
  capacityProviderStrategy: { key: byField('capacityProvider') },
  placementConstraints: { key: byFields('type', 'expression') },
  tags: pairs('key', 'value'),
}
