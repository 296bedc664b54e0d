// `ecsctl init --from-service`: the live service (as the SDK describes it) back into a manifest
// document, so that `ecsctl diff` right after shows nothing to do. Pure: it reads only its
// arguments. Every default it leaves out is one the plan's normalisers fill in the same way, and
// those normalisers are reused here rather than restated.
//
// The document is built in three passes, because later parts depend on names and defaults
// derived from earlier ones: the service and its task definition, then the load balancers
// (target group names depend on the cluster and service), then autoscaling and scheduled tasks
// (alarm dimensions and the request-count label depend on the load balancers).
import type { ContainerDefinition, KeyValuePair, PortMapping, Secret, Service, Volume as EcsVolume } from '@aws-sdk/client-ecs'
import type { AccessPointDescription } from '@aws-sdk/client-efs'
import type { z } from 'zod'
import type { LiveState, LiveTaskDefinition } from '../aws/live-state.js'
import { accountOfArn } from '../aws/read.js'
import { EcsctlError } from '../errors.js'
import { networkModeOf } from '../manifest/launch.js'
import {
  LAUNCH_TYPES,
  containerSchema,
  manifestSchema,
  volumeSchema,
  type Manifest,
  type ManifestInput,
} from '../manifest/schema.js'
import { roleArnOf, userTags, type NormalizeContext } from '../plan/normalize/common.js'
import { accessPointNameOf } from '../plan/normalize/efs.js'
import { clusterNameOf } from '../plan/normalize/service.js'
import { compareText, withoutUndefined } from '../render/common.js'
import { OWNER_TAG, accessPointName, logGroupName } from '../render/names.js'
import { loadBalancersFromLive } from './init-live-routing.js'
import { autoscalingFromLive, scheduledTasksFromLive } from './init-live-scaling.js'

export type ContainerInput = z.input<typeof containerSchema>
export type VolumeInput = z.input<typeof volumeSchema>

/** A live state that holds the service and the task definition it runs. */
export type ServiceSnapshot = LiveState & { service: Service; taskDefinition: LiveTaskDefinition }

export interface FromLiveOptions {
  /** The region the service was read in; written as the manifest's `region`. */
  region: string
}

export interface FromLiveResult {
  /** The manifest as it will be written (before YAML), defaults left out. */
  document: ManifestInput
  /** What a person should know: what could not be carried over, or what ecsctl will add beside what exists. */
  notes: string[]
}

/** Collects notes while the document is built. */
export type Notes = string[]

export function hasServiceAndTaskDefinition(live: LiveState): live is ServiceSnapshot {
  return live.service !== undefined && live.taskDefinition !== undefined
}

/** The manifest document of the live service in `live`. */
export function manifestFromLive(live: LiveState, options: FromLiveOptions): FromLiveResult {
  if (!hasServiceAndTaskDefinition(live)) {
    throw new EcsctlError('aws', 'The live state has no service or no task definition to write a manifest from.')
  }
  const notes: Notes = []
  const core = serviceCoreFromLive(live, options, notes)
  const coreManifest = parseStructure(core)
  const loadBalancers = loadBalancersFromLive(coreManifest, live, notes)
  const withRouting: ManifestInput = { ...core, loadBalancers: loadBalancers.length > 0 ? loadBalancers : undefined }
  const routedManifest = parseStructure(withRouting)
  const context: NormalizeContext = { region: options.region, accountId: live.accountId ?? accountOfArn(live.service.serviceArn ?? '') }
  const autoscaling = autoscalingFromLive(routedManifest, live, options.region, notes)
  const tasks = scheduledTasksFromLive(routedManifest, live, notes)
  const eventsRole = tasks.eventsRole && shortRoleName(tasks.eventsRole, context)
  const document: ManifestInput = {
    ...withRouting,
    roles: nonEmptyObject({ ...withRouting.roles, events: eventsRole }),
    autoscaling,
    // Keys in the order a person reads a manifest: the deployment settings and tasks come last.
    deployment: withRouting.deployment,
    tasks: tasks.tasks,
  }
  return { document: withoutUndefined(orderedDocument(document)), notes }
}

/**
 * Parses a partial document with the manifest's structure (defaults applied), so that render's
 * name and default helpers can be used on it. Each part is built within the schema's bounds;
 * a live value outside them (ECS allows a few the manifest does not) is reported, not guessed at.
 */
function parseStructure(document: ManifestInput): Manifest {
  const parsed = manifestSchema.safeParse(withoutUndefined({ ...document, $schema: undefined, environments: undefined }))
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')
    throw new EcsctlError('invalid', `The live service has settings a manifest cannot hold: ${issues}`, {
      hint: 'Change them in the service, or write the manifest by hand starting from `ecsctl init`.',
    })
  }
  return parsed.data
}

const KEY_ORDER: readonly (keyof ManifestInput)[] = [
  'version',
  'name',
  'family',
  'cluster',
  'region',
  'tags',
  'launchType',
  'capacityProviders',
  'platform',
  'cpu',
  'memory',
  'ephemeralStorage',
  'desiredCount',
  'roles',
  'network',
  'networkMode',
  'placement',
  'containers',
  'volumes',
  'loadBalancers',
  'healthCheckGracePeriod',
  'autoscaling',
  'deployment',
  'tasks',
]

function orderedDocument(document: ManifestInput): ManifestInput {
  const ordered: Record<string, unknown> = {}
  for (const key of KEY_ORDER) if (document[key] !== undefined) ordered[key] = document[key]
  return ordered as ManifestInput
}

// --- the service and its task definition ---------------------------------------------------

function serviceCoreFromLive(live: ServiceSnapshot, options: FromLiveOptions, notes: Notes): ManifestInput {
  const { service } = live
  const td = live.taskDefinition.taskDefinition
  const name = service.serviceName ?? ''
  const cluster = clusterNameOf(service.clusterArn) ?? ''
  const context: NormalizeContext = { region: options.region, accountId: live.accountId ?? accountOfArn(service.serviceArn ?? '') }
  const launch = launchFromLive(service, notes)
  const network = networkFromLive(service)
  const liveNetworkMode = td.networkMode ?? 'bridge'
  // Written only where the manifest's own derivation (awsvpc on Fargate or with `network`) differs.
  const derivedNetworkMode = networkModeOf({ ...launch, network: network && { ...network, assignPublicIp: network.assignPublicIp ?? false } })
  unsupportedServiceSettings(service, notes)
  const logGroupsSeen = new Set<string>()

  return {
    version: 1,
    name,
    family: td.family && td.family !== name ? td.family : undefined,
    cluster,
    region: options.region,
    tags: tagsFromLive(service),
    ...launch,
    platform: platformFromLive(td.runtimePlatform, notes),
    cpu: wholeNumber(td.cpu),
    memory: wholeNumber(td.memory),
    ephemeralStorage: td.ephemeralStorage?.sizeInGiB,
    desiredCount: service.desiredCount,
    roles: nonEmptyObject({
      task: td.taskRoleArn && shortRoleName(td.taskRoleArn, context),
      execution: td.executionRoleArn && shortRoleName(td.executionRoleArn, context),
    }),
    network,
    networkMode: liveNetworkMode !== derivedNetworkMode && isNetworkMode(liveNetworkMode) ? liveNetworkMode : undefined,
    placement: placementFromLive(service),
    containers: Object.fromEntries(
      (td.containerDefinitions ?? []).map((container) => [
        container.name ?? '',
        containerFromLive(container, { serviceName: name, networkMode: liveNetworkMode, live, logGroupsSeen }, notes),
      ]),
    ),
    volumes: volumesFromLive(td.volumes, { name, cluster, live }, notes),
    healthCheckGracePeriod: service.healthCheckGracePeriodSeconds ? service.healthCheckGracePeriodSeconds : undefined,
    deployment: deploymentFromLive(service),
  }
}

/** The service's tags without ecsctl's owner tag and AWS's own; ecsctl puts them on everything it manages. */
function tagsFromLive(service: Service): Record<string, string> | undefined {
  const tags = (userTags(service.tags, 'key', 'value') ?? []).filter((tag) => tag.key !== OWNER_TAG)
  return tags.length > 0 ? Object.fromEntries(tags.map((tag) => [tag.key, tag.value])) : undefined
}

function launchFromLive(service: Service, notes: Notes): Pick<ManifestInput, 'launchType' | 'capacityProviders'> {
  const strategy = service.capacityProviderStrategy ?? []
  if (strategy.length > 0) {
    // A weight or base of 0 is what an absent one means: left out.
    return {
      capacityProviders: strategy.map((item) => ({ provider: item.capacityProvider ?? '', weight: item.weight || undefined, base: item.base || undefined })),
    }
  }
  const launchType = service.launchType
  if (launchType === undefined) return {}
  if (isLaunchType(launchType)) return { launchType }
  notes.push(`The service's launch type ${launchType} has no manifest equivalent (FARGATE, EC2 or EXTERNAL); it is left out, so the cluster's default capacity provider strategy would apply.`)
  return {}
}

const isLaunchType = (value: string): value is (typeof LAUNCH_TYPES)[number] => (LAUNCH_TYPES as readonly string[]).includes(value)
const isNetworkMode = (value: string): value is NonNullable<Manifest['networkMode']> => ['bridge', 'host', 'awsvpc', 'none'].includes(value)

function networkFromLive(service: Service): ManifestInput['network'] {
  const awsvpc = service.networkConfiguration?.awsvpcConfiguration
  if (!awsvpc?.subnets?.length) return undefined
  return {
    subnets: awsvpc.subnets,
    securityGroups: awsvpc.securityGroups?.length ? awsvpc.securityGroups : undefined,
    // DISABLED is the manifest's default.
    assignPublicIp: awsvpc.assignPublicIp === 'ENABLED' ? true : undefined,
  }
}

function placementFromLive(service: Service): ManifestInput['placement'] {
  const strategy = (service.placementStrategy ?? []).flatMap((item) =>
    item.type ? [{ type: item.type as 'spread' | 'binpack' | 'random', field: item.field }] : [],
  )
  const constraints = (service.placementConstraints ?? []).flatMap((item) =>
    item.type ? [{ type: item.type as 'memberOf' | 'distinctInstance', expression: item.expression }] : [],
  )
  if (strategy.length === 0 && constraints.length === 0) return undefined
  return { strategy: strategy.length > 0 ? strategy : undefined, constraints: constraints.length > 0 ? constraints : undefined }
}

function platformFromLive(platform: { cpuArchitecture?: string; operatingSystemFamily?: string } | undefined, notes: Notes): ManifestInput['platform'] {
  if (!platform?.cpuArchitecture && !platform?.operatingSystemFamily) return undefined
  const parsed = manifestSchema.shape.platform.safeParse({ os: platform.operatingSystemFamily, arch: platform.cpuArchitecture })
  if (parsed.success) return parsed.data
  notes.push(`The task definition's runtime platform (${platform.operatingSystemFamily ?? '?'} on ${platform.cpuArchitecture ?? '?'}) has no manifest equivalent; it is left out.`)
  return undefined
}

function deploymentFromLive(service: Service): ManifestInput['deployment'] {
  const configuration = service.deploymentConfiguration
  if (!configuration) return undefined
  const breaker = configuration.deploymentCircuitBreaker
  return withoutUndefined({
    minimumHealthyPercent: configuration.minimumHealthyPercent,
    maximumPercent: configuration.maximumPercent,
    // Off (both false) is what no circuit breaker means.
    circuitBreaker: breaker && (breaker.enable || breaker.rollback) ? { enable: breaker.enable ?? false, rollback: breaker.rollback ?? false } : undefined,
  })
}

/** What a service may use that a manifest cannot say: named, so that nobody is surprised by the diff. */
function unsupportedServiceSettings(service: Service, notes: Notes): void {
  if (service.schedulingStrategy === 'DAEMON') {
    notes.push('The service is a DAEMON service; ecsctl deploys REPLICA services only, so a deploy would have to recreate it.')
  }
  const controller = service.deploymentController?.type
  if (controller && controller !== 'ECS') {
    notes.push(`The service uses the ${controller} deployment controller; ecsctl deploys with the ECS rolling-update controller.`)
  }
  if (service.loadBalancers?.some((lb) => !lb.targetGroupArn)) {
    notes.push('The service uses a Classic Load Balancer, which the manifest cannot express; it is left out.')
  }
  if (service.serviceRegistries?.length) {
    notes.push('The service registers with Cloud Map (serviceRegistries); the manifest does not manage that, and a deploy leaves it as it is.')
  }
  const alarms = service.deploymentConfiguration?.alarms
  if (alarms?.enable || alarms?.alarmNames?.length) {
    notes.push('The service rolls back on CloudWatch alarms (deploymentConfiguration.alarms), which the manifest cannot express.')
  }
}

// --- roles ---------------------------------------------------------------------------------

/**
 * A role ARN in the service's own account with no path is written as its name, as people write
 * it; the plan turns a name back into the same ARN, so the two compare equal.
 */
export function shortRoleName(arn: string, context: NormalizeContext): string {
  const name = /:role\/([\w+=,.@-]{1,64})$/.exec(arn)?.[1]
  return name !== undefined && roleArnOf(name, context) === arn ? name : arn
}

// --- containers ----------------------------------------------------------------------------

interface ContainerContext {
  serviceName: string
  networkMode: string
  live: LiveState
  /** Log groups whose retention has been written already: once per group is enough. */
  logGroupsSeen: Set<string>
}

/** Fields of a container definition the manifest has no place for; any one of them shows in the diff. */
const CONTAINER_FIELDS_WITHOUT_MANIFEST_FIELD: readonly (keyof ContainerDefinition)[] = [
  'links',
  'volumesFrom',
  'linuxParameters',
  'environmentFiles',
  'hostname',
  'dnsServers',
  'dnsSearchDomains',
  'extraHosts',
  'dockerSecurityOptions',
  'dockerLabels',
  'ulimits',
  'resourceRequirements',
  'firelensConfiguration',
  'repositoryCredentials',
  'startTimeout',
  'restartPolicy',
  'credentialSpecs',
  'versionConsistency',
]

function containerFromLive(container: ContainerDefinition, context: ContainerContext, notes: Notes): ContainerInput {
  const name = container.name ?? ''
  const unsupported = CONTAINER_FIELDS_WITHOUT_MANIFEST_FIELD.filter((field) => hasContent(container[field]))
  if (container.privileged) unsupported.push('privileged')
  if (unsupported.length > 0) {
    notes.push(`Container ${name} sets ${unsupported.join(', ')}, which the manifest cannot express; a deploy would register a revision without them.`)
  }
  const ports = (container.portMappings ?? []).flatMap((port) => portFromLive(port, context.networkMode, name, notes))
  return {
    image: container.image ?? '',
    // True is the default, for ECS and the manifest.
    essential: container.essential === false ? false : undefined,
    ports: ports.length > 0 ? ports : undefined,
    // ECS reports an unset cpu as 0.
    cpu: container.cpu ? container.cpu : undefined,
    memory: container.memory,
    memoryReservation: container.memoryReservation,
    command: nonEmptyList(container.command),
    entryPoint: nonEmptyList(container.entryPoint),
    workingDirectory: container.workingDirectory,
    user: container.user,
    environment: pairsToMap(container.environment),
    secrets: secretsFromLive(container.secrets, name, notes),
    healthCheck: healthCheckFromLive(container.healthCheck),
    logging: loggingFromLive(container, context, notes),
    mountPoints: nonEmptyList(
      (container.mountPoints ?? []).map((mount) => ({ volume: mount.sourceVolume ?? '', path: mount.containerPath ?? '', readOnly: mount.readOnly ? true : undefined })),
    ),
    dependsOn: nonEmptyList(
      (container.dependsOn ?? []).map((dependency) => ({
        container: dependency.containerName ?? '',
        // START is the manifest's default.
        condition: dependency.condition === 'START' ? undefined : dependency.condition,
      })),
    ),
    stopTimeout: container.stopTimeout,
    readonlyRootFilesystem: container.readonlyRootFilesystem ? true : undefined,
  }
}

/** `8080` when everything but the port is a default, else the long form with what differs. */
function portFromLive(port: PortMapping, networkMode: string, container: string, notes: Notes): NonNullable<ContainerInput['ports']> {
  if (port.containerPort === undefined) {
    notes.push(`Container ${container} maps a port range (${port.containerPortRange ?? '?'}), which the manifest cannot express; it is left out.`)
    return []
  }
  // Under bridge an unset host port is 0 (dynamic); under awsvpc and host it is the container port.
  const defaultHostPort = networkMode === 'bridge' ? 0 : port.containerPort
  const hostPort = port.hostPort === undefined || port.hostPort === defaultHostPort ? undefined : port.hostPort
  const protocol = port.protocol === 'udp' ? 'udp' : undefined
  if (hostPort === undefined && protocol === undefined && !port.name && !port.appProtocol) return [port.containerPort]
  return [
    withoutUndefined({
      containerPort: port.containerPort,
      hostPort,
      protocol,
      name: port.name,
      appProtocol: port.appProtocol === 'http' || port.appProtocol === 'http2' || port.appProtocol === 'grpc' ? port.appProtocol : undefined,
    }),
  ]
}

/** Sorted by name: ECS keeps the order it was given, which says nothing (render sorts too). */
function pairsToMap(pairs: KeyValuePair[] | undefined): Record<string, string> | undefined {
  const entries = (pairs ?? [])
    .flatMap((pair) => (pair.name === undefined ? [] : [[pair.name, pair.value ?? ''] as const]))
    .sort(([a], [b]) => compareText(a, b))
  return entries.length > 0 ? Object.fromEntries(entries) : undefined
}

/** Secrets by ARN only: the manifest refuses a bare parameter name, so such a secret is named in a note. */
function secretsFromLive(secrets: Secret[] | undefined, container: string, notes: Notes): Record<string, string> | undefined {
  const kept: [string, string][] = []
  for (const secret of secrets ?? []) {
    if (!secret.name || !secret.valueFrom) continue
    if (containerSchema.shape.secrets.safeParse({ [secret.name]: secret.valueFrom }).success) kept.push([secret.name, secret.valueFrom])
    else notes.push(`Secret ${secret.name} of container ${container} is read from "${secret.valueFrom}", not an ARN; the manifest takes ARNs only, so it is left out: add it as an ARN.`)
  }
  return kept.length > 0 ? Object.fromEntries(kept) : undefined
}

/** ECS's health check defaults (interval 30, timeout 5, retries 3) are left out. */
function healthCheckFromLive(check: ContainerDefinition['healthCheck']): ContainerInput['healthCheck'] {
  if (!check?.command?.length) return undefined
  return {
    command: check.command,
    interval: check.interval === 30 ? undefined : check.interval,
    timeout: check.timeout === 5 ? undefined : check.timeout,
    retries: check.retries === 3 ? undefined : check.retries,
    startPeriod: check.startPeriod,
  }
}

/**
 * awslogs with the group and stream prefix ecsctl would choose is no `logging` at all; no log
 * configuration is `logging: false`. The group's retention is written once per group.
 */
function loggingFromLive(container: ContainerDefinition, context: ContainerContext, notes: Notes): ContainerInput['logging'] {
  const name = container.name ?? ''
  const configuration = container.logConfiguration
  if (!configuration) return false
  if (configuration.logDriver !== 'awslogs') {
    notes.push(`Container ${name} logs with the ${configuration.logDriver ?? 'unknown'} driver; the manifest knows awslogs only, so it is written with ecsctl's default (awslogs to ${logGroupName({ name: context.serviceName }, {})}).`)
    return undefined
  }
  const options = configuration.options ?? {}
  const group = options['awslogs-group']
  const prefix = options['awslogs-stream-prefix']
  const expected = new Set(['awslogs-group', 'awslogs-region', 'awslogs-stream-prefix'])
  const other = Object.keys(options).filter((option) => !expected.has(option))
  if (other.length > 0 || configuration.secretOptions?.length) {
    notes.push(`Container ${name} sets awslogs options the manifest cannot express (${[...other, ...(configuration.secretOptions?.length ? ['secretOptions'] : [])].join(', ')}).`)
  }
  const defaultGroup = logGroupName({ name: context.serviceName }, {})
  const groupName = group ?? defaultGroup
  const retention = context.logGroupsSeen.has(groupName) ? undefined : context.live.logGroups[groupName]?.retentionInDays
  context.logGroupsSeen.add(groupName)
  const logging = withoutUndefined({
    group: group === defaultGroup ? undefined : group,
    prefix: prefix === name ? undefined : prefix,
    retentionDays: retention,
  })
  const parsed = containerSchema.shape.logging.safeParse(logging)
  if (!parsed.success) {
    notes.push(`Container ${name}'s log settings (${JSON.stringify(logging)}) are not valid in a manifest; they are left out.`)
    return undefined
  }
  return Object.keys(logging).length > 0 ? (logging as ContainerInput['logging']) : undefined
}

// --- volumes -------------------------------------------------------------------------------

interface VolumeContext {
  name: string
  cluster: string
  live: LiveState
}

function volumesFromLive(volumes: EcsVolume[] | undefined, context: VolumeContext, notes: Notes): Record<string, VolumeInput> | undefined {
  if (!volumes?.length) return undefined
  return Object.fromEntries(volumes.map((volume) => [volume.name ?? '', volumeFromLive(volume, context, notes)]))
}

function volumeFromLive(volume: EcsVolume, context: VolumeContext, notes: Notes): VolumeInput {
  const name = volume.name ?? ''
  const efs = volume.efsVolumeConfiguration
  if (efs) {
    const accessPointId = efs.authorizationConfig?.accessPointId
    return {
      efs: withoutUndefined({
        fileSystemId: efs.fileSystemId,
        // With an access point its path is the root; `/` is the default.
        rootDirectory: accessPointId || !efs.rootDirectory || efs.rootDirectory === '/' ? undefined : efs.rootDirectory,
        accessPoint: accessPointId && accessPointFromLive(name, efs.fileSystemId ?? '', accessPointId, context, notes),
        transitEncryption: efs.transitEncryption === 'ENABLED' ? true : undefined,
        transitEncryptionPort: efs.transitEncryptionPort,
        // render sends an authorization block when there is an access point or `iam` is given.
        iam: efs.authorizationConfig?.iam === 'ENABLED' ? true : efs.authorizationConfig && !accessPointId ? false : undefined,
      }),
    }
  }
  if (volume.host?.sourcePath) return { host: { path: volume.host.sourcePath } }
  if (volume.dockerVolumeConfiguration || volume.fsxWindowsFileServerVolumeConfiguration || volume.configuredAtLaunch) {
    notes.push(`Volume ${name} is a kind the manifest cannot express (Docker volume settings, FSx or configured at launch); it is written as a plain volume.`)
  }
  return {}
}

/**
 * An access point ecsctl created for this volume (owner tag and name) is written as its
 * definition, so that ecsctl keeps managing it; any other one by its id.
 */
function accessPointFromLive(volume: string, fileSystemId: string, accessPointId: string, context: VolumeContext, notes: Notes): NonNullable<VolumeInput['efs']>['accessPoint'] {
  const owned = (context.live.accessPoints[fileSystemId] ?? []).find(
    (accessPoint) => accessPoint.AccessPointId === accessPointId && accessPoint.Tags?.some((tag) => tag.Key === OWNER_TAG && tag.Value === context.name),
  )
  if (!owned) return accessPointId
  const spec = accessPointSpecFromLive(owned)
  if (accessPointNameOf(owned) === accessPointName(context, volume) && spec) return spec
  notes.push(
    `Access point ${accessPointId} of volume ${volume} was created by ecsctl under another name or with settings the manifest cannot express; it is written by id, so the diff will show ecsctl deleting its own copy. Review before deploying.`,
  )
  return accessPointId
}

/**
 * The manifest's form of an access point: the directory is created owned by `owner`, else by
 * the POSIX user, with permissions 0755 unless given (render's rule, read backwards).
 */
function accessPointSpecFromLive(accessPoint: AccessPointDescription): Exclude<NonNullable<NonNullable<VolumeInput['efs']>['accessPoint']>, string> | undefined {
  const user = accessPoint.PosixUser
  const creation = accessPoint.RootDirectory?.CreationInfo
  const posixUser =
    user?.Uid !== undefined && user.Gid !== undefined ? { uid: user.Uid, gid: user.Gid, secondaryGids: user.SecondaryGids?.length ? user.SecondaryGids : undefined } : undefined
  // Without creation info nothing is created, which render writes only when there is no POSIX user either.
  if (!creation) return posixUser ? undefined : { path: accessPoint.RootDirectory?.Path ?? '/' }
  const ownerIsUser = posixUser !== undefined && posixUser.uid === creation.OwnerUid && posixUser.gid === creation.OwnerGid
  return withoutUndefined({
    path: accessPoint.RootDirectory?.Path ?? '/',
    posixUser,
    owner: ownerIsUser || creation.OwnerUid === undefined || creation.OwnerGid === undefined ? undefined : { uid: creation.OwnerUid, gid: creation.OwnerGid },
    permissions: creation.Permissions === '0755' ? undefined : creation.Permissions,
  })
}

// --- small helpers -------------------------------------------------------------------------

const hasContent = (value: unknown): boolean =>
  value !== undefined && value !== null && value !== false && !(Array.isArray(value) && value.length === 0) && !(typeof value === 'object' && Object.keys(value).length === 0)

const nonEmptyList = <T>(list: T[] | undefined): T[] | undefined => (list && list.length > 0 ? list : undefined)

function nonEmptyObject<T extends object>(value: T): T | undefined {
  const kept = withoutUndefined(value)
  return Object.keys(kept).length > 0 ? kept : undefined
}

/** "512" -> 512; anything else (absent, "0.5 vCPU") -> undefined. */
function wholeNumber(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+$/.test(text)) return undefined
  return Number(text)
}
