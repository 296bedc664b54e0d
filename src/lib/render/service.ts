// The ECS service: CreateService's input.
import type {
  AwsVpcConfiguration,
  CapacityProviderStrategyItem,
  CreateServiceCommandInput,
  DeploymentConfiguration,
  PlacementConstraint,
  PlacementStrategy,
} from '@aws-sdk/client-ecs'
import type { Manifest } from '../manifest/schema.js'
import { ecsTags, enabledDisabled, networkModeOf, nonEmpty, withoutUndefined } from './common.js'
import { targetGroupArnOf } from './loadBalancing.js'
import { family } from './names.js'

/** The strategy as ECS spells it; Application Auto Scaling and EventBridge reuse the mapping. */
export function capacityProviderStrategy(m: Pick<Manifest, 'capacityProviders'>): CapacityProviderStrategyItem[] | undefined {
  return m.capacityProviders?.map((p) => withoutUndefined({ capacityProvider: p.provider, weight: p.weight, base: p.base }))
}

/** Only for awsvpc: ECS refuses a network configuration for the other modes. */
export function awsvpcConfiguration(m: Pick<Manifest, 'network' | 'networkMode' | 'launchType' | 'capacityProviders'>): AwsVpcConfiguration | undefined {
  if (networkModeOf(m) !== 'awsvpc' || !m.network) return undefined
  return withoutUndefined({
    subnets: m.network.subnets,
    securityGroups: m.network.securityGroups,
    assignPublicIp: enabledDisabled(m.network.assignPublicIp),
  })
}

export function placementStrategy(m: Pick<Manifest, 'placement'>): PlacementStrategy[] | undefined {
  return nonEmpty(m.placement?.strategy?.map((s) => withoutUndefined({ type: s.type, field: s.field })))
}

export function placementConstraints(m: Pick<Manifest, 'placement'>): PlacementConstraint[] | undefined {
  return nonEmpty(m.placement?.constraints?.map((c) => withoutUndefined({ type: c.type, expression: c.expression })))
}

/**
 * The first count. With autoscaling it starts inside [min, max], where the scalable target
 * would move it anyway, so the first deploy does not start tasks only to stop them again.
 */
export function initialDesiredCount(m: Pick<Manifest, 'desiredCount' | 'autoscaling'>): number {
  if (!m.autoscaling) return m.desiredCount
  return Math.min(Math.max(m.desiredCount, m.autoscaling.min), m.autoscaling.max)
}

function deploymentConfiguration(m: Pick<Manifest, 'deployment'>): DeploymentConfiguration | undefined {
  const { minimumHealthyPercent, maximumPercent, circuitBreaker } = m.deployment
  const configuration = withoutUndefined({
    minimumHealthyPercent,
    maximumPercent,
    deploymentCircuitBreaker: circuitBreaker ? { enable: circuitBreaker.enable, rollback: circuitBreaker.rollback } : undefined,
  })
  return Object.keys(configuration).length > 0 ? configuration : undefined
}

export function renderService(m: Manifest): CreateServiceCommandInput {
  const awsvpc = awsvpcConfiguration(m)
  const strategy = capacityProviderStrategy(m)
  return withoutUndefined({
    cluster: m.cluster,
    serviceName: m.name,
    // The family alone: ECS takes its latest ACTIVE revision, the one this deploy registered.
    taskDefinition: family(m),
    desiredCount: initialDesiredCount(m),
    // A strategy or a launch type, never both (ECS refuses both); neither: the cluster's default strategy.
    launchType: strategy ? undefined : m.launchType,
    capacityProviderStrategy: strategy,
    networkConfiguration: awsvpc ? { awsvpcConfiguration: awsvpc } : undefined,
    placementConstraints: placementConstraints(m),
    placementStrategy: placementStrategy(m),
    loadBalancers: nonEmpty(
      m.loadBalancers?.map((lb) => ({ targetGroupArn: targetGroupArnOf(m, lb), containerName: lb.container, containerPort: lb.port })),
    ),
    healthCheckGracePeriodSeconds: m.healthCheckGracePeriod,
    deploymentConfiguration: deploymentConfiguration(m),
    propagateTags: 'SERVICE',
    enableECSManagedTags: true,
    tags: ecsTags(m),
  })
}
