// Task definitions: DescribeTaskDefinition's answer back into RegisterTaskDefinition's input, and
// one canonical form for both sides. Defaults come from the ECS API reference (the SDK's
// ContainerDefinition, PortMapping, HealthCheck, MountPoint and EFSVolumeConfiguration docs).
import type { ContainerDefinition, PortMapping, RegisterTaskDefinitionCommandInput, Volume } from '@aws-sdk/client-ecs'
import type { LiveTaskDefinition } from '../../aws/live-state.js'
import { byField, byFields, pairs, type ListKeys } from '../diff.js'
import { compact, roleArnOf, sortedBy, sortedSet, userTags, type NormalizeContext } from './common.js'

/**
 * The fields of RegisterTaskDefinition that a registered revision echoes. What only describes a
 * revision (taskDefinitionArn, revision, status, requiresAttributes, compatibilities,
 * registeredAt/By, deregisteredAt) has no input field and is left out.
 */
export function taskDefinitionFromLive(live: LiveTaskDefinition): RegisterTaskDefinitionCommandInput {
  const td = live.taskDefinition
  return compact({
    family: td.family ?? '',
    taskRoleArn: td.taskRoleArn,
    executionRoleArn: td.executionRoleArn,
    networkMode: td.networkMode,
    containerDefinitions: td.containerDefinitions ?? [],
    volumes: td.volumes,
    placementConstraints: td.placementConstraints,
    requiresCompatibilities: td.requiresCompatibilities,
    cpu: td.cpu,
    memory: td.memory,
    pidMode: td.pidMode,
    ipcMode: td.ipcMode,
    proxyConfiguration: td.proxyConfiguration,
    inferenceAccelerators: td.inferenceAccelerators,
    ephemeralStorage: td.ephemeralStorage,
    runtimePlatform: td.runtimePlatform,
    enableFaultInjection: td.enableFaultInjection,
    tags: live.tags,
  })
}

/** Container fields whose absence means false; AWS may echo them as false. */
const FALSE_BY_DEFAULT = ['privileged', 'disableNetworking', 'interactive', 'pseudoTerminal'] as const

/**
 * Host ports: under awsvpc and host the host port is the container port (ECS sets it so, per the
 * PortMapping reference); under bridge an absent host port and 0 both mean a dynamic port.
 */
function canonicalPortMapping(port: PortMapping, networkMode: string): PortMapping {
  const defaultHostPort = networkMode === 'bridge' ? 0 : port.containerPort
  return { ...port, protocol: port.protocol ?? 'tcp', hostPort: port.containerPortRange ? port.hostPort : (port.hostPort ?? defaultHostPort) }
}

export function canonicalContainer(container: ContainerDefinition, networkMode: string): ContainerDefinition {
  const withoutFalse = Object.fromEntries(FALSE_BY_DEFAULT.map((field) => [field, container[field] === true ? true : undefined]))
  return compact({
    ...container,
    ...withoutFalse,
    // Per the API reference: cpu 0 when unset (ECS echoes it), essential true, read-write root file system.
    cpu: container.cpu ?? 0,
    essential: container.essential ?? true,
    readonlyRootFilesystem: container.readonlyRootFilesystem ?? false,
    portMappings: container.portMappings?.map((port) => canonicalPortMapping(port, networkMode)),
    environment: sortedBy(container.environment, (variable) => variable.name ?? ''),
    secrets: sortedBy(container.secrets, (secret) => secret.name ?? ''),
    mountPoints: container.mountPoints?.map((mount) => ({ ...mount, readOnly: mount.readOnly ?? false })),
    volumesFrom: container.volumesFrom?.map((from) => ({ ...from, readOnly: from.readOnly ?? false })),
    // HealthCheck's documented defaults; startPeriod is off unless set.
    healthCheck: container.healthCheck && {
      ...container.healthCheck,
      interval: container.healthCheck.interval ?? 30,
      timeout: container.healthCheck.timeout ?? 5,
      retries: container.healthCheck.retries ?? 3,
    },
  })
}

export function canonicalVolume(volume: Volume): Volume {
  const efs = volume.efsVolumeConfiguration
  return compact({
    ...volume,
    // A bind mount without a source path comes back as `host: {}`: the same as no host.
    host: volume.host?.sourcePath ? volume.host : undefined,
    configuredAtLaunch: volume.configuredAtLaunch === true ? true : undefined,
    efsVolumeConfiguration: efs && {
      ...efs,
      // The file system's root unless another directory is given (also the only root an access point allows).
      rootDirectory: efs.rootDirectory ?? '/',
      transitEncryption: efs.transitEncryption ?? 'DISABLED',
      authorizationConfig: efs.authorizationConfig && { ...efs.authorizationConfig, iam: efs.authorizationConfig.iam ?? 'DISABLED' },
    },
  })
}

/** One form for the rendered input and the live revision, so that equal means "no new revision needed". */
export function canonicalTaskDefinition(input: RegisterTaskDefinitionCommandInput, context: NormalizeContext): RegisterTaskDefinitionCommandInput {
  // ECS's default network mode for Linux tasks on EC2.
  const networkMode = input.networkMode ?? 'bridge'
  return compact({
    family: input.family,
    taskRoleArn: roleArnOf(input.taskRoleArn, context),
    executionRoleArn: roleArnOf(input.executionRoleArn, context),
    networkMode,
    requiresCompatibilities: sortedSet(input.requiresCompatibilities),
    cpu: input.cpu,
    memory: input.memory,
    runtimePlatform: input.runtimePlatform,
    ephemeralStorage: input.ephemeralStorage,
    pidMode: input.pidMode,
    ipcMode: input.ipcMode,
    proxyConfiguration: input.proxyConfiguration,
    inferenceAccelerators: input.inferenceAccelerators,
    placementConstraints: input.placementConstraints,
    enableFaultInjection: input.enableFaultInjection === true ? true : undefined,
    containerDefinitions: input.containerDefinitions?.map((container) => canonicalContainer(container, networkMode)),
    volumes: input.volumes?.map(canonicalVolume),
    tags: userTags(input.tags, 'key', 'value'),
  })
}

export const taskDefinitionListKeys: ListKeys = {
  containerDefinitions: { key: byField('name') },
  'containerDefinitions[].environment': pairs('name', 'value'),
  'containerDefinitions[].secrets': pairs('name', 'valueFrom'),
  'containerDefinitions[].portMappings': { key: (port) => portKey(port as PortMapping) },
  'containerDefinitions[].mountPoints': { key: byField('containerPath') },
  'containerDefinitions[].volumesFrom': { key: byField('sourceContainer') },
  'containerDefinitions[].dependsOn': pairs('containerName', 'condition'),
  'containerDefinitions[].ulimits': { key: byField('name') },
  'containerDefinitions[].systemControls': { key: byField('namespace') },
  'containerDefinitions[].environmentFiles': { key: byField('value') },
  'containerDefinitions[].extraHosts': pairs('hostname', 'ipAddress'),
  'containerDefinitions[].resourceRequirements': pairs('type', 'value'),
  volumes: { key: byField('name') },
  placementConstraints: { key: byFields('type', 'expression') },
  tags: pairs('key', 'value'),
}

const portKey = (port: PortMapping) => `${port.containerPort ?? port.containerPortRange ?? ''}/${port.protocol ?? 'tcp'}`
