// The ECS service: CreateService, or UpdateService with only what changed. The count is left to
// autoscaling when it owns it; fields the manifest dropped go back to ECS's defaults; a change of
// capacity provider strategy forces a deployment, because on its own ECS applies it only to tasks
// started later.
import type { CreateServiceCommandInput, DeploymentConfiguration, Service, UpdateServiceCommandInput } from '@aws-sdk/client-ecs'
import { EcsctlError } from '../../errors.js'
import type { Manifest } from '../../manifest/schema.js'
import type { ResourceChange } from '../../plan/index.js'
import { canonicalService } from '../../plan/normalize/service.js'
import { inputOf, liveIdOf, resolved, send, type StepContext } from './context.js'
import { changedFields, hasTagUpdate, tagUpdate } from './fields.js'

/** The id of the deployment ECS is rolling out (or has rolled out) for the service. */
export const primaryDeploymentId = (service: Service | undefined): string | undefined => service?.deployments?.find((d) => d.status === 'PRIMARY')?.id

export async function applyService(change: ResourceChange, context: StepContext): Promise<string | undefined> {
  const taskDefinition = context.taskDefinition?.arn
  if (!taskDefinition) throw new EcsctlError('bug', `${change.resource}: no task definition revision was chosen before the service step.`)
  const desired = resolved(context, inputOf<CreateServiceCommandInput>(change), change.resource)
  const ecs = await context.clients.ecs()
  const sdk = await import('@aws-sdk/client-ecs')

  if (change.action === 'create') {
    const output = await send(context, 'ecs:CreateService', change.resource, () => ecs.send(new sdk.CreateServiceCommand({ ...desired, taskDefinition })))
    const deploymentId = primaryDeploymentId(output.service)
    context.service = { deploymentId, startedDeployment: true }
    return deploymentId ? `created, deployment ${deploymentId}` : 'created'
  }

  const update = serviceUpdate(change, desired, taskDefinition, context.manifest)
  let note: string | undefined
  if (update) {
    const output = await send(context, 'ecs:UpdateService', change.resource, () => ecs.send(new sdk.UpdateServiceCommand(update)))
    const deploymentId = primaryDeploymentId(output.service)
    // Changing only the count or the deployment settings keeps the current deployment.
    const startedDeployment = deploymentId !== undefined && deploymentId !== primaryDeploymentId(context.live.service)
    context.service = { deploymentId, startedDeployment }
    note = startedDeployment ? `deployment ${deploymentId} started` : 'updated without a new deployment'
  }
  await updateServiceTags(change, context)
  return note
}

const DISABLED_ALARMS = { alarmNames: [], enable: false, rollback: false }

/**
 * UpdateService's input for the fields the plan says changed, or undefined when only tags did
 * (they change through TagResource). `desired` is render's CreateService input, resolved.
 */
export function serviceUpdate(
  change: ResourceChange,
  desired: CreateServiceCommandInput,
  taskDefinitionArn: string,
  manifest: Pick<Manifest, 'autoscaling' | 'launchType' | 'capacityProviders'>,
): UpdateServiceCommandInput | undefined {
  const changed = changedFields(change.changes)
  changed.delete('tags')
  if (changed.size === 0) return undefined
  // The same comparison the plan made, so that the values sent are those it compared, defaults filled in.
  const canonical = canonicalService(
    { ...desired, taskDefinition: taskDefinitionArn },
    { ignoreDesiredCount: manifest.autoscaling !== undefined, ignoreCapacityProviderStrategy: manifest.launchType === undefined && manifest.capacityProviders === undefined },
  )
  const update: UpdateServiceCommandInput = { cluster: desired.cluster, service: desired.serviceName }
  if (changed.has('taskDefinition')) update.taskDefinition = taskDefinitionArn
  // Under autoscaling the scalable target moves the count: sending it would undo a scale-out.
  if (changed.has('desiredCount') && !manifest.autoscaling) update.desiredCount = desired.desiredCount
  if (changed.has('capacityProviderStrategy') || changed.has('launchType')) {
    // An empty strategy takes the service back to its launch type (UpdateService reference).
    update.capacityProviderStrategy = desired.capacityProviderStrategy ?? []
    update.forceNewDeployment = true
  }
  if (changed.has('networkConfiguration')) update.networkConfiguration = canonical.networkConfiguration
  if (changed.has('platformVersion')) update.platformVersion = desired.platformVersion ?? 'LATEST'
  if (changed.has('loadBalancers')) update.loadBalancers = desired.loadBalancers ?? []
  if (changed.has('healthCheckGracePeriodSeconds')) update.healthCheckGracePeriodSeconds = desired.healthCheckGracePeriodSeconds ?? 0
  if (changed.has('deploymentConfiguration')) update.deploymentConfiguration = deploymentConfigurationOf(canonical.deploymentConfiguration)
  if (changed.has('placementConstraints')) update.placementConstraints = desired.placementConstraints ?? []
  if (changed.has('placementStrategy')) update.placementStrategy = desired.placementStrategy ?? []
  if (changed.has('propagateTags')) update.propagateTags = canonical.propagateTags
  if (changed.has('enableECSManagedTags')) update.enableECSManagedTags = canonical.enableECSManagedTags ?? false
  if (changed.has('deploymentController')) update.deploymentController = canonical.deploymentController
  return update
}

/** The whole configuration with ECS's defaults, and deployment alarms off unless the manifest set them. */
function deploymentConfigurationOf(canonical: DeploymentConfiguration | undefined): DeploymentConfiguration {
  return { ...canonical, alarms: canonical?.alarms ?? DISABLED_ALARMS }
}

async function updateServiceTags(change: ResourceChange, context: StepContext): Promise<void> {
  const update = tagUpdate(change.changes, 'tags')
  if (!hasTagUpdate(update)) return
  const ecs = await context.clients.ecs()
  const { TagResourceCommand, UntagResourceCommand } = await import('@aws-sdk/client-ecs')
  const resourceArn = liveIdOf(change)
  if (Object.keys(update.set).length > 0) {
    const tags = Object.entries(update.set).map(([key, value]) => ({ key, value }))
    await send(context, 'ecs:TagResource', change.resource, () => ecs.send(new TagResourceCommand({ resourceArn, tags })))
  }
  if (update.remove.length > 0) {
    await send(context, 'ecs:UntagResource', change.resource, () => ecs.send(new UntagResourceCommand({ resourceArn, tagKeys: update.remove })))
  }
}
