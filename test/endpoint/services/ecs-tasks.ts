// ECS tasks: how they are started from a task definition, run, and stop (normally, by a crash,
// or because their image cannot be pulled), the log lines a crashing container leaves in its
// awslogs stream, and the load balancer targets they register.
import type { Container, ContainerDefinition, LaunchType, Tag, Task, TaskDefinition, TaskOverride } from '@aws-sdk/client-ecs'
import type { TargetGroup, TargetHealthDescription } from '@aws-sdk/client-elastic-load-balancing-v2'
import { arn } from '../arns.js'
import type { OperationContext, Simulation } from '../context.js'
import { hex, lastSegment, sha256, uuid } from '../ids.js'
import type { EndpointState, TaskFailure, TaskRecord } from '../state.js'
import { isMissingEcrImage } from './ecr.js'
import { appendLogLines, createLogGroup } from './logs.js'

export interface TaskLaunch {
  clusterName: string
  taskDefinition: TaskDefinition
  launchType?: LaunchType
  capacityProviderName?: string
  platformVersion?: string
  subnets?: string[]
  overrides?: TaskOverride
  startedBy?: string
  group: string
  serviceKey?: string
  deploymentId?: string
  tags?: Tag[]
}

/** Starts one task (PROVISIONING). Whether it will fail is decided now, from its images. */
export function launchTask(launch: TaskLaunch, context: OperationContext): TaskRecord {
  const { state, region, now } = context
  const taskId = hex(32)
  const taskArn = arn('ecs', region, state.accountId, `task/${launch.clusterName}/${taskId}`)
  const awsvpc = launch.taskDefinition.networkMode === 'awsvpc'
  const fargate = launch.launchType === 'FARGATE' || launch.capacityProviderName?.startsWith('FARGATE') === true
  const privateIp = nextPrivateIp(state)
  const attachmentId = uuid()
  const zone = `${region}${'abc'[state.nextAddress % 3]}`
  const task: Task = {
    attachments: awsvpc
      ? [
          {
            id: attachmentId,
            type: 'ElasticNetworkInterface',
            status: 'PRECREATED',
            details: [
              { name: 'subnetId', value: launch.subnets?.[state.nextAddress % (launch.subnets.length || 1)] ?? 'subnet-0a1' },
              { name: 'networkInterfaceId', value: `eni-${hex(17)}` },
              { name: 'macAddress', value: `0e:${hex(2)}:${hex(2)}:${hex(2)}:${hex(2)}:${hex(2)}` },
              { name: 'privateDnsName', value: `ip-${privateIp.replaceAll('.', '-')}.ec2.internal` },
              { name: 'privateIPv4Address', value: privateIp },
            ],
          },
        ]
      : [],
    attributes: [{ name: 'ecs.cpu-architecture', value: launch.taskDefinition.runtimePlatform?.cpuArchitecture === 'ARM64' ? 'arm64' : 'x86_64' }],
    availabilityZone: zone,
    capacityProviderName: launch.capacityProviderName,
    clusterArn: arn('ecs', region, state.accountId, `cluster/${launch.clusterName}`),
    connectivity: 'CONNECTED',
    connectivityAt: now,
    containers: (launch.taskDefinition.containerDefinitions ?? []).map((definition) => ({
      containerArn: arn('ecs', region, state.accountId, `container/${launch.clusterName}/${taskId}/${uuid()}`),
      taskArn,
      name: definition.name,
      image: definition.image,
      lastStatus: 'PENDING',
      networkInterfaces: awsvpc ? [{ attachmentId, privateIpv4Address: privateIp }] : [],
      healthStatus: 'UNKNOWN',
      cpu: String(definition.cpu ?? 0),
      memory: definition.memory === undefined ? undefined : String(definition.memory),
      memoryReservation: definition.memoryReservation === undefined ? undefined : String(definition.memoryReservation),
    })),
    cpu: launch.taskDefinition.cpu,
    createdAt: now,
    desiredStatus: 'RUNNING',
    enableExecuteCommand: false,
    group: launch.group,
    healthStatus: 'UNKNOWN',
    lastStatus: 'PROVISIONING',
    launchType: launch.capacityProviderName ? undefined : launch.launchType,
    memory: launch.taskDefinition.memory,
    overrides: launch.overrides ?? { containerOverrides: [], inferenceAcceleratorOverrides: [] },
    platformVersion: fargate ? (launch.platformVersion && launch.platformVersion !== 'LATEST' ? launch.platformVersion : '1.4.0') : undefined,
    platformFamily: fargate ? 'Linux' : undefined,
    startedBy: launch.startedBy,
    taskArn,
    taskDefinitionArn: launch.taskDefinition.taskDefinitionArn,
    version: 1,
    ephemeralStorage: fargate ? { sizeInGiB: launch.taskDefinition.ephemeralStorage?.sizeInGiB ?? 20 } : undefined,
  }
  const record: TaskRecord = {
    task,
    tags: [...(launch.tags ?? [])],
    clusterName: launch.clusterName,
    region,
    serviceKey: launch.serviceKey,
    deploymentId: launch.deploymentId,
    steps: 0,
    failure: taskFailure(launch.taskDefinition, state, context.simulation),
    privateIp,
  }
  state.ecs.tasks.set(taskArn, record)
  return record
}

/**
 * Why tasks of this task definition cannot keep running, if they cannot: an essential container
 * whose image crashes, or an image missing from a repository the test seeded in ECR.
 */
export function taskFailure(taskDefinition: TaskDefinition, state: EndpointState, simulation: Simulation): TaskFailure | undefined {
  const containers = taskDefinition.containerDefinitions ?? []
  const missing = containers.find((c) => c.image && isMissingEcrImage(state.ecr, c.image))
  if (missing) return { kind: 'pull', container: missing.name ?? '', image: missing.image ?? '' }
  const crashing = containers.filter((c) => c.image && simulation.crashingImages(c.image))
  if (crashing.some((c) => c.essential !== false)) return { kind: 'crash', containers: crashing.map((c) => c.name ?? '') }
  return undefined
}

/** The task's containers have started. A task whose image cannot be pulled never gets here. */
export function markRunning(record: TaskRecord, now: Date): void {
  const { task } = record
  if (task.lastStatus === 'RUNNING' || task.desiredStatus === 'STOPPED') return
  task.lastStatus = 'RUNNING'
  task.pullStartedAt = now
  task.pullStoppedAt = now
  task.startedAt = now
  task.version = (task.version ?? 1) + 1
  for (const attachment of task.attachments ?? []) attachment.status = 'ATTACHED'
  for (const container of task.containers ?? []) {
    container.lastStatus = 'RUNNING'
    container.runtimeId = `${lastSegment(task.taskArn ?? '')}-${hex(10)}`
    container.imageDigest = sha256(container.image ?? '')
    container.healthStatus = record.failure ? 'UNHEALTHY' : 'HEALTHY'
  }
  task.healthStatus = record.failure ? 'UNHEALTHY' : 'HEALTHY'
}

export interface StopReason {
  stopCode: string
  stoppedReason: string
}

export const userStop = (reason: string | undefined): StopReason => ({ stopCode: 'UserInitiated', stoppedReason: reason || 'Task stopped by user' })
export const schedulerStop = (deploymentId: string): StopReason => ({ stopCode: 'ServiceSchedulerInitiated', stoppedReason: `Scaling activity initiated by (deployment ${deploymentId})` })
const essentialExit: StopReason = { stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited' }

/** Stops a task for `reason`; containers exit 0, or 143 when stopped from outside. */
export function stopTask(record: TaskRecord, reason: StopReason, now: Date): void {
  const { task } = record
  if (task.lastStatus === 'STOPPED') return
  const ran = task.lastStatus === 'RUNNING'
  Object.assign(task, { desiredStatus: 'STOPPED', lastStatus: 'STOPPED', stoppingAt: now, stoppedAt: now, executionStoppedAt: now, ...reason })
  task.version = (task.version ?? 1) + 1
  task.healthStatus = 'UNKNOWN'
  for (const attachment of task.attachments ?? []) attachment.status = 'DELETED'
  for (const container of task.containers ?? []) {
    container.lastStatus = 'STOPPED'
    if (ran) container.exitCode = reason.stopCode === 'EssentialContainerExited' ? 0 : 143
  }
}

/**
 * Ends a task as its failure dictates: a crash exits the crashing containers with code 1 (the
 * others are stopped) after writing their last log lines; an image that cannot be pulled stops
 * the task before it runs, with CannotPullContainerError. A task without a failure runs to
 * completion (exit 0), as a standalone task does.
 */
export function endTask(record: TaskRecord, context: OperationContext): void {
  const { now } = context
  const failure = record.failure
  if (failure?.kind === 'pull') {
    const reason = `CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve ref ${failure.image}: ${failure.image}: not found`
    stopTask(record, { stopCode: 'TaskFailedToStart', stoppedReason: reason }, now)
    const container = record.task.containers?.find((c) => c.name === failure.container)
    if (container) container.reason = reason
    return
  }
  markRunning(record, now)
  stopTask(record, essentialExit, now)
  if (failure?.kind === 'crash') {
    for (const container of record.task.containers ?? []) {
      // The others were stopped (SIGTERM) because an essential container exited.
      if (!failure.containers.includes(container.name ?? '')) {
        container.exitCode = 143
        continue
      }
      container.exitCode = 1
      writeContainerLogs(record, container, crashLines(container), context)
    }
  } else {
    for (const container of record.task.containers ?? []) {
      const command = record.task.overrides?.containerOverrides?.find((o) => o.name === container.name)?.command
      writeContainerLogs(record, container, [`Starting ${container.name}${command ? `: ${command.join(' ')}` : ''}`, 'Done'], context)
    }
  }
}

function crashLines(container: Container): string[] {
  return [
    `Starting ${container.name} (${container.image})`,
    'Connecting to database at db.internal:5432',
    'Error: cannot connect to database: connect ECONNREFUSED 10.0.3.17:5432',
    '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)',
    'Process exited with code 1',
  ]
}

/**
 * Writes lines where the awslogs driver would: group `awslogs-group`, stream
 * `<awslogs-stream-prefix>/<container>/<task id>`. The driver needs the group to exist, unless
 * awslogs-create-group is set.
 */
function writeContainerLogs(record: TaskRecord, container: Container, lines: string[], context: OperationContext): void {
  const { state, now } = context
  const definition = containerDefinition(state, record.task, container.name)
  const options = definition?.logConfiguration?.logDriver === 'awslogs' ? definition.logConfiguration.options : undefined
  const group = options?.['awslogs-group']
  if (!options || !group) return
  if (!state.logs.groups.has(group) && options['awslogs-create-group'] === 'true') createLogGroup(state.logs, group, record.region, state.accountId, now, {})
  const prefix = options['awslogs-stream-prefix']
  const taskId = lastSegment(record.task.taskArn ?? '')
  appendLogLines(state.logs, group, prefix ? `${prefix}/${container.name}/${taskId}` : taskId, lines, now)
}

function containerDefinition(state: EndpointState, task: Task, name: string | undefined): ContainerDefinition | undefined {
  const [family = '', revision = '0'] = lastSegment(task.taskDefinitionArn ?? '').split(':')
  const taskDefinition = state.ecs.taskDefinitions.get(family)?.[Number(revision) - 1]?.taskDefinition
  return taskDefinition?.containerDefinitions?.find((c) => c.name === name)
}

/** A task counts as live until it has stopped. */
export const isLive = (record: TaskRecord) => record.task.desiredStatus !== 'STOPPED'

/**
 * The targets ECS has registered in a target group: one per running task of every service that
 * uses it. Tasks of a crashing image fail the health check.
 */
export function targetHealthDescriptions(state: EndpointState, targetGroup: TargetGroup): TargetHealthDescription[] {
  const descriptions: TargetHealthDescription[] = []
  for (const [key, service] of state.ecs.services) {
    const binding = service.service.loadBalancers?.find((lb) => lb.targetGroupArn === targetGroup.TargetGroupArn)
    if (!binding) continue
    for (const record of state.ecs.tasks.values()) {
      if (record.serviceKey !== key || record.task.lastStatus !== 'RUNNING') continue
      const ipTarget = targetGroup.TargetType === 'ip'
      descriptions.push({
        Target: {
          Id: ipTarget ? record.privateIp : `i-0${lastSegment(record.task.taskArn ?? '').slice(0, 16)}`,
          Port: ipTarget ? binding.containerPort : 32768 + Number(record.privateIp.split('.').pop()),
          AvailabilityZone: record.task.availabilityZone,
        },
        HealthCheckPort: ipTarget ? String(binding.containerPort) : undefined,
        TargetHealth: record.failure ? unhealthy(targetGroup) : { State: 'healthy' },
      })
    }
  }
  return descriptions
}

function unhealthy(targetGroup: TargetGroup): TargetHealthDescription['TargetHealth'] {
  const http = targetGroup.HealthCheckProtocol === 'HTTP' || targetGroup.HealthCheckProtocol === 'HTTPS'
  return http
    ? { State: 'unhealthy', Reason: 'Target.ResponseCodeMismatch', Description: 'Health checks failed with these codes: [502]' }
    : { State: 'unhealthy', Reason: 'Target.FailedHealthChecks', Description: 'Health checks failed' }
}

function nextPrivateIp(state: EndpointState): string {
  const n = state.nextAddress++
  return `10.0.${Math.floor(n / 250) % 250}.${(n % 250) + 4}`
}
