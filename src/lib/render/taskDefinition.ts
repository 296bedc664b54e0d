// The task definition: RegisterTaskDefinition's input, built from the manifest's task-level
// settings, containers and volumes.
import type { ContainerDefinition, PortMapping, RegisterTaskDefinitionCommandInput, Volume as EcsVolume } from '@aws-sdk/client-ecs'
import { portMappings, type PortMapping as LaunchPortMapping } from '../manifest/launch.js'
import type { Container, Manifest } from '../manifest/schema.js'
import { compareText, ecsTags, launchTarget, networkModeOf, nonEmpty, roleArn, withoutUndefined, type NetworkMode, type RenderContext } from './common.js'
import { renderEfsVolumeConfiguration } from './efs.js'
import { family, logGroupName, logStreamPrefix } from './names.js'

/**
 * Host ports are written out: under bridge, 0 (a dynamic port) unless one is given; under awsvpc
 * and host, the container port, which is what ECS stores and returns anyway.
 */
export function renderPortMapping(port: LaunchPortMapping, networkMode: NetworkMode): PortMapping {
  const defaultHostPort = networkMode === 'bridge' ? 0 : port.containerPort
  return withoutUndefined({
    containerPort: port.containerPort,
    hostPort: port.hostPort ?? defaultHostPort,
    protocol: port.protocol,
    name: port.name,
    appProtocol: port.appProtocol,
  })
}

/** Environment values are strings to ECS; sorted by name so that a reordered map is no change. */
export function renderEnvironment(environment: Container['environment']): { name: string; value: string }[] | undefined {
  const entries = Object.entries(environment ?? {}).sort(([a], [b]) => compareText(a, b))
  return nonEmpty(entries.map(([name, value]) => ({ name, value: String(value) })))
}

export function renderSecrets(secrets: Container['secrets']): { name: string; valueFrom: string }[] | undefined {
  const entries = Object.entries(secrets ?? {}).sort(([a], [b]) => compareText(a, b))
  return nonEmpty(entries.map(([name, valueFrom]) => ({ name, valueFrom })))
}

function renderLogConfiguration(m: Pick<Manifest, 'name'>, containerName: string, container: Container, context: RenderContext) {
  if (container.logging === false) return undefined
  return {
    logDriver: 'awslogs' as const,
    options: {
      'awslogs-group': logGroupName(m, container),
      'awslogs-region': context.region,
      'awslogs-stream-prefix': logStreamPrefix(containerName, container),
    },
  }
}

export function renderContainerDefinition(
  m: Pick<Manifest, 'name'>,
  containerName: string,
  container: Container,
  networkMode: NetworkMode,
  context: RenderContext,
): ContainerDefinition {
  return withoutUndefined({
    name: containerName,
    image: container.image,
    essential: container.essential,
    cpu: container.cpu,
    memory: container.memory,
    memoryReservation: container.memoryReservation,
    portMappings: nonEmpty(portMappings(container).map((port) => renderPortMapping(port, networkMode))),
    entryPoint: container.entryPoint,
    command: container.command,
    workingDirectory: container.workingDirectory,
    user: container.user,
    environment: renderEnvironment(container.environment),
    secrets: renderSecrets(container.secrets),
    mountPoints: nonEmpty(
      container.mountPoints?.map((mount) => ({ sourceVolume: mount.volume, containerPath: mount.path, readOnly: mount.readOnly ?? false })),
    ),
    dependsOn: nonEmpty(container.dependsOn?.map((dependency) => ({ containerName: dependency.container, condition: dependency.condition }))),
    healthCheck: container.healthCheck
      ? {
          command: container.healthCheck.command,
          interval: container.healthCheck.interval,
          timeout: container.healthCheck.timeout,
          retries: container.healthCheck.retries,
          startPeriod: container.healthCheck.startPeriod,
        }
      : undefined,
    logConfiguration: renderLogConfiguration(m, containerName, container, context),
    stopTimeout: container.stopTimeout,
    readonlyRootFilesystem: container.readonlyRootFilesystem,
  })
}

export function renderVolumes(m: Pick<Manifest, 'volumes'>): EcsVolume[] | undefined {
  const volumes = Object.entries(m.volumes ?? {}).map(([name, volume]): EcsVolume => {
    if (volume.efs) return { name, efsVolumeConfiguration: renderEfsVolumeConfiguration(name, volume.efs) }
    if (volume.host) return { name, host: { sourcePath: volume.host.path } }
    // Neither: a Docker volume on EC2, scratch space shared by the containers on Fargate.
    return { name }
  })
  return nonEmpty(volumes)
}

/** The launch target the task definition is checked against; none when the cluster's default decides. */
function compatibilities(m: Pick<Manifest, 'launchType' | 'capacityProviders'>): ('FARGATE' | 'EC2' | 'EXTERNAL')[] | undefined {
  const target = launchTarget(m)
  return target ? [target] : undefined
}

export function renderTaskDefinition(m: Manifest, context: RenderContext): RegisterTaskDefinitionCommandInput {
  const networkMode = networkModeOf(m)
  return withoutUndefined({
    family: family(m),
    taskRoleArn: m.roles?.task ? roleArn(m.roles.task, context) : undefined,
    executionRoleArn: m.roles?.execution ? roleArn(m.roles.execution, context) : undefined,
    networkMode,
    requiresCompatibilities: compatibilities(m),
    // The API takes task size as strings ("512"); ECS would also accept "0.5 vCPU".
    cpu: m.cpu === undefined ? undefined : String(m.cpu),
    memory: m.memory === undefined ? undefined : String(m.memory),
    runtimePlatform: m.platform ? { cpuArchitecture: m.platform.arch, operatingSystemFamily: m.platform.os } : undefined,
    ephemeralStorage: m.ephemeralStorage === undefined ? undefined : { sizeInGiB: m.ephemeralStorage },
    containerDefinitions: Object.entries(m.containers).map(([name, container]) => renderContainerDefinition(m, name, container, networkMode, context)),
    volumes: renderVolumes(m),
    tags: ecsTags(m),
  })
}
