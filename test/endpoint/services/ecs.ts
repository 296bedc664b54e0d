// ECS (awsJson1_1): clusters (seeded), task definitions with revisions, services whose
// deployments progress (see ecs-rollouts.ts), standalone tasks, and tags. Error codes and
// messages are those ECS sends for the same mistakes.
import type {
  Cluster,
  ContainerDefinition,
  CreateServiceRequest,
  DeleteServiceRequest,
  DeploymentConfiguration,
  DeregisterTaskDefinitionRequest,
  DescribeClustersRequest,
  DescribeServicesRequest,
  DescribeTaskDefinitionRequest,
  DescribeTasksRequest,
  Failure,
  ListClustersRequest,
  ListServicesRequest,
  ListTagsForResourceRequest,
  ListTaskDefinitionsRequest,
  ListTasksRequest,
  RegisterTaskDefinitionRequest,
  RunTaskRequest,
  Service,
  StopTaskRequest,
  Tag,
  TagResourceRequest,
  TaskDefinition,
  UntagResourceRequest,
  UpdateServiceRequest,
} from '@aws-sdk/client-ecs'
import { arn, parseArn } from '../arns.js'
import { operation, type OperationContext, type Operations } from '../context.js'
import { AwsError, check } from '../errors.js'
import { lastSegment } from '../ids.js'
import { paginate } from '../pages.js'
import type { ClusterRecord, EcsState, EndpointState, ServiceRecord, TaskDefinitionRecord, TaskRecord } from '../state.js'
import { camelKey, removeTags, upsertTags } from '../tags.js'
import { loadBalancersUsing } from './elbv2.js'
import { advanceService, matchTaskCount, refreshCounts, startDeployment, stopServiceTasks } from './ecs-rollouts.js'
import { endTask, launchTask, markRunning, stopTask, userStop } from './ecs-tasks.js'

const DEFAULT_CLUSTER = 'default'
const invalidToken = () => new AwsError('InvalidParameterException', 'Invalid nextToken')

export const ecsOperations: Operations = {
  // ---- task definitions ----

  RegisterTaskDefinition: operation<RegisterTaskDefinitionRequest>((input, context) => {
    const { state, region } = context
    const family = input.family ?? ''
    check(/^[A-Za-z0-9_-]{1,255}$/.test(family), 'ClientException', 'Family contains invalid characters or is too long.')
    checkTaskDefinition(input)
    const revisions = state.ecs.taskDefinitions.get(family) ?? []
    const revision = revisions.length + 1
    const taskDefinition = taskDefinitionWithDefaults(input, arn('ecs', region, state.accountId, `task-definition/${family}:${revision}`), revision, context)
    state.ecs.taskDefinitions.set(family, [...revisions, { taskDefinition, tags: [...(input.tags ?? [])] }])
    return { taskDefinition, tags: input.tags ?? [] }
  }),

  DescribeTaskDefinition: operation<DescribeTaskDefinitionRequest>((input, { state }) => {
    const record = resolveTaskDefinition(state.ecs, input.taskDefinition ?? '')
    if (!record) throw new AwsError('ClientException', 'Unable to describe task definition.')
    return { taskDefinition: record.taskDefinition, tags: input.include?.includes('TAGS') ? [...record.tags] : undefined }
  }),

  ListTaskDefinitions: operation<ListTaskDefinitionsRequest>((input, { state }) => {
    const status = input.status ?? 'ACTIVE'
    const arns = [...state.ecs.taskDefinitions.entries()]
      .filter(([family]) => !input.familyPrefix || family.startsWith(input.familyPrefix))
      .flatMap(([, revisions]) => revisions.map((r) => r.taskDefinition))
      .filter((td) => td.status === status)
      .sort((a, b) => (a.family ?? '').localeCompare(b.family ?? '') || (a.revision ?? 0) - (b.revision ?? 0))
      .map((td) => td.taskDefinitionArn ?? '')
    if (input.sort === 'DESC') arns.reverse()
    const page = paginate(arns, input.nextToken, input.maxResults, 100, invalidToken)
    return { taskDefinitionArns: page.items, nextToken: page.next }
  }),

  DeregisterTaskDefinition: operation<DeregisterTaskDefinitionRequest>((input, { state, now }) => {
    const reference = input.taskDefinition ?? ''
    check(/:\d+$/.test(reference), 'ClientException', 'The specified task definition does not include a revision.')
    const record = resolveTaskDefinition(state.ecs, reference)
    if (!record) throw new AwsError('ClientException', 'The specified task definition does not exist.')
    record.taskDefinition.status = 'INACTIVE'
    record.taskDefinition.deregisteredAt ??= now
    return { taskDefinition: record.taskDefinition }
  }),

  // ---- services ----

  CreateService: operation<CreateServiceRequest>((input, context) => {
    const { state, region, now } = context
    const cluster = findCluster(state.ecs, input.cluster)
    const clusterName = cluster.cluster.clusterName ?? ''
    const name = input.serviceName ?? ''
    check(/^[A-Za-z0-9_-]{1,255}$/.test(name), 'InvalidParameterException', 'Service name is invalid.')
    const key = `${clusterName}/${name}`
    const existing = state.ecs.services.get(key)
    if (existing && existing.service.status !== 'INACTIVE') throw new AwsError('InvalidParameterException', 'Creation of service was not idempotent.')
    const taskDefinition = resolveTaskDefinition(state.ecs, input.taskDefinition ?? '')?.taskDefinition
    if (!taskDefinition) throw new AwsError('InvalidParameterException', 'TaskDefinition not found.')
    check(
      !(input.launchType && input.capacityProviderStrategy?.length),
      'InvalidParameterException',
      'Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.',
    )
    const launchType = input.capacityProviderStrategy?.length ? undefined : (input.launchType ?? 'EC2')
    checkLaunchCompatibility(taskDefinition, launchType, input.capacityProviderStrategy?.[0]?.capacityProvider)
    checkNetworkConfiguration(taskDefinition, input.networkConfiguration)
    checkLoadBalancers(state, taskDefinition, input.loadBalancers ?? [])
    const fargate = launchType === 'FARGATE' || input.capacityProviderStrategy?.some((s) => s.capacityProvider?.startsWith('FARGATE')) === true
    const service: Service = {
      serviceArn: arn('ecs', region, state.accountId, `service/${clusterName}/${name}`),
      serviceName: name,
      clusterArn: cluster.cluster.clusterArn,
      loadBalancers: input.loadBalancers ?? [],
      serviceRegistries: input.serviceRegistries ?? [],
      status: 'ACTIVE',
      desiredCount: input.desiredCount ?? 0,
      runningCount: 0,
      pendingCount: 0,
      launchType,
      capacityProviderStrategy: input.capacityProviderStrategy,
      platformVersion: fargate ? (input.platformVersion ?? 'LATEST') : input.platformVersion,
      platformFamily: fargate ? 'Linux' : undefined,
      taskDefinition: taskDefinition.taskDefinitionArn,
      deploymentConfiguration: deploymentConfigurationWithDefaults(input.deploymentConfiguration),
      deployments: [],
      roleArn: input.loadBalancers?.length ? (input.role ?? serviceLinkedRole(state.accountId)) : undefined,
      events: [],
      createdAt: now,
      placementConstraints: input.placementConstraints ?? [],
      placementStrategy: input.placementStrategy ?? [],
      networkConfiguration: networkConfigurationWithDefaults(input.networkConfiguration),
      healthCheckGracePeriodSeconds: input.healthCheckGracePeriodSeconds ?? (input.loadBalancers?.length ? 0 : undefined),
      schedulingStrategy: input.schedulingStrategy ?? 'REPLICA',
      deploymentController: input.deploymentController ?? { type: 'ECS' },
      createdBy: `arn:aws:iam::${state.accountId}:user/ecsctl-test`,
      enableECSManagedTags: input.enableECSManagedTags ?? false,
      propagateTags: input.propagateTags ?? 'NONE',
      enableExecuteCommand: input.enableExecuteCommand ?? false,
      availabilityZoneRebalancing: input.availabilityZoneRebalancing ?? 'ENABLED',
    }
    const record: ServiceRecord = { service, clusterName, region, tags: [...(input.tags ?? [])], rollouts: new Map() }
    state.ecs.services.set(key, record)
    startDeployment(record, taskDefinition, context)
    return { service: serviceView(record, false) }
  }),

  UpdateService: operation<UpdateServiceRequest>((input, context) => {
    const { state } = context
    const cluster = findCluster(state.ecs, input.cluster)
    const record = findService(state.ecs, cluster, input.service)
    const { service } = record
    check(service.status === 'ACTIVE', 'ServiceNotActiveException', 'Service was not ACTIVE.')
    let taskDefinition = resolveTaskDefinition(state.ecs, service.taskDefinition ?? '')?.taskDefinition
    if (input.taskDefinition) {
      taskDefinition = resolveTaskDefinition(state.ecs, input.taskDefinition)?.taskDefinition
      if (!taskDefinition) throw new AwsError('InvalidParameterException', 'TaskDefinition not found.')
    }
    if (!taskDefinition) throw new AwsError('ServerException', 'The service refers to a task definition that no longer exists.', 500)
    if (input.networkConfiguration) checkNetworkConfiguration(taskDefinition, input.networkConfiguration)
    if (input.loadBalancers) checkLoadBalancers(state, taskDefinition, input.loadBalancers)

    // Changes that replace the service's tasks start a new deployment; the rest apply in place.
    const redeploy =
      input.forceNewDeployment === true ||
      taskDefinition.taskDefinitionArn !== service.taskDefinition ||
      changed(input.networkConfiguration && networkConfigurationWithDefaults(input.networkConfiguration), service.networkConfiguration) ||
      changed(input.loadBalancers, service.loadBalancers) ||
      changed(input.capacityProviderStrategy, service.capacityProviderStrategy) ||
      changed(input.platformVersion, service.platformVersion) ||
      changed(input.serviceRegistries, service.serviceRegistries)

    if (input.desiredCount !== undefined) service.desiredCount = input.desiredCount
    if (input.deploymentConfiguration) service.deploymentConfiguration = deploymentConfigurationWithDefaults(input.deploymentConfiguration)
    if (input.networkConfiguration) service.networkConfiguration = networkConfigurationWithDefaults(input.networkConfiguration)
    if (input.loadBalancers) service.loadBalancers = input.loadBalancers
    if (input.capacityProviderStrategy) {
      service.capacityProviderStrategy = input.capacityProviderStrategy
      service.launchType = undefined
    }
    for (const key of [
      'platformVersion',
      'healthCheckGracePeriodSeconds',
      'placementConstraints',
      'placementStrategy',
      'enableECSManagedTags',
      'propagateTags',
      'enableExecuteCommand',
      'serviceRegistries',
      'availabilityZoneRebalancing',
    ] as const) {
      if (input[key] !== undefined) (service as Record<string, unknown>)[key] = input[key]
    }

    if (redeploy) {
      startDeployment(record, taskDefinition, context)
    } else {
      const primary = service.deployments?.find((d) => d.status === 'PRIMARY')
      if (primary && input.desiredCount !== undefined) {
        primary.desiredCount = input.desiredCount
        matchTaskCount(record, primary, context)
        refreshCounts(record, context)
      }
    }
    return { service: serviceView(record, false) }
  }),

  DescribeServices: operation<DescribeServicesRequest>((input, context) => {
    const { state } = context
    const cluster = findCluster(state.ecs, input.cluster)
    const names = input.services ?? []
    check(names.length >= 1 && names.length <= 10, 'InvalidParameterException', 'services cannot be empty and can contain at most 10 elements.')
    const services: Service[] = []
    const failures: Failure[] = []
    for (const reference of names) {
      const record = state.ecs.services.get(`${cluster.cluster.clusterName}/${serviceName(reference)}`)
      if (!record) {
        failures.push({ arn: serviceArnFor(context, cluster, reference), reason: 'MISSING' })
        continue
      }
      // Each look at a service moves its deployments one step on: see ecs-rollouts.ts.
      advanceService(record, context)
      services.push(serviceView(record, input.include?.includes('TAGS') === true))
    }
    return { services, failures }
  }),

  ListServices: operation<ListServicesRequest>((input, { state }) => {
    const cluster = findCluster(state.ecs, input.cluster)
    const arns = [...state.ecs.services.values()]
      .filter((r) => r.clusterName === cluster.cluster.clusterName && r.service.status !== 'INACTIVE')
      .filter((r) => !input.launchType || r.service.launchType === input.launchType)
      .map((r) => r.service.serviceArn ?? '')
    const page = paginate(arns, input.nextToken, input.maxResults, 10, invalidToken)
    return { serviceArns: page.items, nextToken: page.next }
  }),

  DeleteService: operation<DeleteServiceRequest>((input, context) => {
    const { state } = context
    const cluster = findCluster(state.ecs, input.cluster)
    const record = findService(state.ecs, cluster, input.service)
    const { service } = record
    check(service.status === 'ACTIVE', 'ServiceNotActiveException', 'Service was not ACTIVE.')
    check(input.force || (service.desiredCount ?? 0) === 0, 'InvalidParameterException', 'The service cannot be stopped while it is scaled above 0.')
    service.status = 'DRAINING'
    service.desiredCount = 0
    for (const deployment of service.deployments ?? []) deployment.desiredCount = 0
    stopServiceTasks(record, context)
    return { service: serviceView(record, false) }
  }),

  // ---- tasks ----

  RunTask: operation<RunTaskRequest>((input, context) => {
    const { state } = context
    const cluster = findCluster(state.ecs, input.cluster)
    const taskDefinition = resolveTaskDefinition(state.ecs, input.taskDefinition ?? '')?.taskDefinition
    if (!taskDefinition) throw new AwsError('InvalidParameterException', 'TaskDefinition not found.')
    check(taskDefinition.status === 'ACTIVE', 'ClientException', 'TaskDefinition is inactive')
    const count = input.count ?? 1
    check(count >= 1 && count <= 10, 'InvalidParameterException', 'count must be between 1 and 10.')
    check(
      !(input.launchType && input.capacityProviderStrategy?.length),
      'InvalidParameterException',
      'Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.',
    )
    const launchType = input.capacityProviderStrategy?.length ? undefined : (input.launchType ?? 'EC2')
    checkLaunchCompatibility(taskDefinition, launchType, input.capacityProviderStrategy?.[0]?.capacityProvider)
    checkNetworkConfiguration(taskDefinition, input.networkConfiguration)
    const tasks = Array.from({ length: count }, () =>
      launchTask(
        {
          clusterName: cluster.cluster.clusterName ?? '',
          taskDefinition,
          launchType,
          capacityProviderName: input.capacityProviderStrategy?.[0]?.capacityProvider,
          platformVersion: input.platformVersion,
          subnets: input.networkConfiguration?.awsvpcConfiguration?.subnets,
          overrides: input.overrides,
          startedBy: input.startedBy,
          group: input.group ?? `family:${taskDefinition.family}`,
          tags: input.tags,
        },
        context,
      ),
    )
    return { tasks: tasks.map((t) => taskView(t, false)), failures: [] }
  }),

  DescribeTasks: operation<DescribeTasksRequest>((input, context) => {
    const { state } = context
    const cluster = findCluster(state.ecs, input.cluster)
    const references = input.tasks ?? []
    check(references.length >= 1 && references.length <= 100, 'InvalidParameterException', 'Tasks cannot be empty.')
    const tasks = []
    const failures: Failure[] = []
    for (const reference of references) {
      const record = findTask(state.ecs, cluster, reference)
      if (!record) {
        failures.push({ arn: reference.startsWith('arn:') ? reference : arn('ecs', context.region, state.accountId, `task/${cluster.cluster.clusterName}/${reference}`), reason: 'MISSING' })
        continue
      }
      advanceStandaloneTask(record, context)
      tasks.push(taskView(record, input.include?.includes('TAGS') === true))
    }
    return { tasks, failures }
  }),

  ListTasks: operation<ListTasksRequest>((input, { state }) => {
    const cluster = findCluster(state.ecs, input.cluster)
    const clusterName = cluster.cluster.clusterName
    if (input.serviceName) {
      const record = state.ecs.services.get(`${clusterName}/${serviceName(input.serviceName)}`)
      if (!record) throw new AwsError('ServiceNotFoundException', 'Service not found.')
    }
    const desiredStatus = input.desiredStatus ?? 'RUNNING'
    const arns = [...state.ecs.tasks.values()]
      .filter((r) => r.clusterName === clusterName && r.task.desiredStatus === desiredStatus)
      .filter((r) => !input.serviceName || r.task.group === `service:${serviceName(input.serviceName)}`)
      .filter((r) => !input.family || r.task.taskDefinitionArn?.includes(`:task-definition/${input.family}:`))
      .filter((r) => !input.startedBy || r.task.startedBy === input.startedBy)
      .filter((r) => !input.launchType || r.task.launchType === input.launchType)
      .map((r) => r.task.taskArn ?? '')
    const page = paginate(arns, input.nextToken, input.maxResults, 100, invalidToken)
    return { taskArns: page.items, nextToken: page.next }
  }),

  StopTask: operation<StopTaskRequest>((input, { state, now }) => {
    const cluster = findCluster(state.ecs, input.cluster)
    const record = findTask(state.ecs, cluster, input.task ?? '')
    if (!record) throw new AwsError('InvalidParameterException', 'The referenced task was not found.')
    stopTask(record, userStop(input.reason), now)
    return { task: taskView(record, false) }
  }),

  // ---- clusters and tags ----

  DescribeClusters: operation<DescribeClustersRequest>((input, context) => {
    const { state } = context
    const clusters: Cluster[] = []
    const failures: Failure[] = []
    for (const reference of input.clusters?.length ? input.clusters : [DEFAULT_CLUSTER]) {
      const record = state.ecs.clusters.get(lastSegment(reference))
      if (!record) {
        failures.push({ arn: reference.startsWith('arn:') ? reference : arn('ecs', context.region, state.accountId, `cluster/${reference}`), reason: 'MISSING' })
        continue
      }
      clusters.push(clusterView(state, record, input.include?.includes('TAGS') === true))
    }
    return { clusters, failures }
  }),

  ListClusters: operation<ListClustersRequest>((input, { state }) => {
    const page = paginate(
      [...state.ecs.clusters.values()].map((r) => r.cluster.clusterArn ?? ''),
      input.nextToken,
      input.maxResults,
      100,
      invalidToken,
    )
    return { clusterArns: page.items, nextToken: page.next }
  }),

  TagResource: operation<TagResourceRequest>((input, { state }) => {
    const holder = taggable(state, input.resourceArn)
    holder.tags = upsertTags<Tag>(holder.tags, input.tags, camelKey)
  }),

  UntagResource: operation<UntagResourceRequest>((input, { state }) => {
    const holder = taggable(state, input.resourceArn)
    holder.tags = removeTags<Tag>(holder.tags, input.tagKeys, camelKey)
  }),

  ListTagsForResource: operation<ListTagsForResourceRequest>((input, { state }) => ({ tags: [...taggable(state, input.resourceArn).tags] })),
}

/** A cluster as DescribeClusters shows one (for seeding). */
export function clusterRecord(name: string, region: string, account: string): ClusterRecord {
  return {
    cluster: {
      clusterArn: arn('ecs', region, account, `cluster/${name}`),
      clusterName: name,
      status: 'ACTIVE',
      registeredContainerInstancesCount: 0,
      runningTasksCount: 0,
      pendingTasksCount: 0,
      activeServicesCount: 0,
      statistics: [],
      tags: [],
      settings: [{ name: 'containerInsights', value: 'disabled' }],
      capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
      defaultCapacityProviderStrategy: [],
    },
    tags: [],
  }
}

// ---- views ----

function serviceView(record: ServiceRecord, withTags: boolean): Service {
  const { tags: _tags, ...service } = record.service
  return withTags ? { ...service, tags: [...record.tags] } : service
}

function taskView(record: TaskRecord, withTags: boolean) {
  return withTags ? { ...record.task, tags: [...record.tags] } : record.task
}

function clusterView(state: EndpointState, record: ClusterRecord, withTags: boolean): Cluster {
  const name = record.cluster.clusterName
  const tasks = [...state.ecs.tasks.values()].filter((t) => t.clusterName === name && t.task.desiredStatus === 'RUNNING')
  return {
    ...record.cluster,
    runningTasksCount: tasks.filter((t) => t.task.lastStatus === 'RUNNING').length,
    pendingTasksCount: tasks.filter((t) => t.task.lastStatus !== 'RUNNING').length,
    activeServicesCount: [...state.ecs.services.values()].filter((s) => s.clusterName === name && s.service.status === 'ACTIVE').length,
    tags: withTags ? [...record.tags] : [],
  }
}

// ---- standalone tasks: PROVISIONING, then RUNNING, then STOPPED after `deploymentSteps` looks ----

function advanceStandaloneTask(record: TaskRecord, context: OperationContext): void {
  if (record.serviceKey || record.task.lastStatus === 'STOPPED') return
  record.steps += 1
  if (record.steps >= context.simulation.deploymentSteps) endTask(record, context)
  else if (record.failure?.kind !== 'pull') markRunning(record, context.now)
}

// ---- lookups ----

function findCluster(ecs: EcsState, reference: string | undefined): ClusterRecord {
  const record = ecs.clusters.get(lastSegment(reference ?? DEFAULT_CLUSTER))
  if (!record) throw new AwsError('ClusterNotFoundException', 'Cluster not found.')
  return record
}

function findService(ecs: EcsState, cluster: ClusterRecord, reference: string | undefined): ServiceRecord {
  const record = ecs.services.get(`${cluster.cluster.clusterName}/${serviceName(reference ?? '')}`)
  if (!record) throw new AwsError('ServiceNotFoundException', 'Service not found.')
  return record
}

/** The name in a service reference: a name, or an ARN `service/<cluster>/<name>` (or the old `service/<name>`). */
const serviceName = (reference: string) => lastSegment(reference)

function serviceArnFor(context: OperationContext, cluster: ClusterRecord, reference: string): string {
  if (reference.startsWith('arn:')) return reference
  return arn('ecs', context.region, context.state.accountId, `service/${cluster.cluster.clusterName}/${reference}`)
}

function findTask(ecs: EcsState, cluster: ClusterRecord, reference: string): TaskRecord | undefined {
  const id = lastSegment(reference)
  for (const record of ecs.tasks.values()) {
    if (record.clusterName === cluster.cluster.clusterName && lastSegment(record.task.taskArn ?? '') === id) return record
  }
  return undefined
}

/**
 * A task definition by ARN, `family:revision` or `family` (its latest ACTIVE revision, as ECS
 * resolves a family given without a revision).
 */
export function resolveTaskDefinition(ecs: EcsState, reference: string): TaskDefinitionRecord | undefined {
  const name = reference.startsWith('arn:') ? lastSegment(parseArn(reference)?.resource ?? '') : reference
  const [family = '', revision] = name.split(':')
  const revisions = ecs.taskDefinitions.get(family) ?? []
  if (revision !== undefined) return revisions[Number(revision) - 1]
  return [...revisions].reverse().find((r) => r.taskDefinition.status === 'ACTIVE')
}

/** The record holding the tags of any ECS resource ARN; ECS answers an unknown one with this error. */
function taggable(state: EndpointState, resourceArn: string | undefined): { tags: Tag[] } {
  const resource = parseArn(resourceArn ?? '')?.resource ?? ''
  const [kind = '', ...rest] = resource.split('/')
  let holder: { tags: Tag[] } | undefined
  if (kind === 'cluster') holder = state.ecs.clusters.get(rest.join('/'))
  if (kind === 'service') holder = state.ecs.services.get(rest.length === 2 ? rest.join('/') : `${DEFAULT_CLUSTER}/${rest[0]}`)
  if (kind === 'task-definition') holder = resolveTaskDefinition(state.ecs, rest.join('/'))
  if (kind === 'task') holder = state.ecs.tasks.get(resourceArn ?? '')
  if (!holder) throw new AwsError('InvalidParameterException', 'The specified resource is not found.')
  return holder
}

// ---- checks ----

function checkTaskDefinition(input: RegisterTaskDefinitionRequest): void {
  const containers = input.containerDefinitions ?? []
  check(containers.length > 0, 'ClientException', 'Container list cannot be empty.')
  for (const container of containers) {
    check(container.name, 'ClientException', 'Container.name should not be null or empty.')
    check(container.image, 'ClientException', 'Container.image should not be null or empty.')
  }
  const names = containers.map((c) => c.name)
  check(new Set(names).size === names.length, 'ClientException', 'Duplicate container names are not allowed.')
  if (input.requiresCompatibilities?.includes('FARGATE')) {
    check(input.networkMode === 'awsvpc', 'ClientException', "Fargate only supports network mode 'awsvpc'.")
    check(input.cpu, 'ClientException', "Fargate requires that 'cpu' be defined at the task level.")
    check(input.memory, 'ClientException', "Fargate requires that 'memory' be defined at the task level.")
    const awslogs = containers.some((c) => c.logConfiguration?.logDriver === 'awslogs')
    check(!awslogs || input.executionRoleArn, 'ClientException', 'Fargate requires task definition to have execution role ARN to support log driver awslogs.')
  }
  for (const container of containers) {
    for (const dependency of container.dependsOn ?? []) {
      check(names.includes(dependency.containerName), 'ClientException', `Container ${container.name} depends on ${dependency.containerName}, which is not defined.`)
    }
    for (const mount of container.mountPoints ?? []) {
      check(
        (input.volumes ?? []).some((v) => v.name === mount.sourceVolume),
        'ClientException',
        `Invalid 'containerDefinition' mountPoints.sourceVolume '${mount.sourceVolume}' is not defined in volumes.`,
      )
    }
  }
}

function checkLaunchCompatibility(taskDefinition: TaskDefinition, launchType: string | undefined, capacityProvider: string | undefined): void {
  const needsFargate = launchType === 'FARGATE' || capacityProvider?.startsWith('FARGATE') === true
  if (needsFargate) {
    check(taskDefinition.compatibilities?.includes('FARGATE'), 'InvalidParameterException', 'Task definition does not support launch_type FARGATE.')
  }
}

function checkNetworkConfiguration(taskDefinition: TaskDefinition, networkConfiguration: CreateServiceRequest['networkConfiguration']): void {
  if (taskDefinition.networkMode === 'awsvpc') {
    check(
      networkConfiguration?.awsvpcConfiguration?.subnets?.length,
      'InvalidParameterException',
      "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
    )
  }
}

/** What ECS checks of each load balancer binding before it accepts a service. */
function checkLoadBalancers(state: EndpointState, taskDefinition: TaskDefinition, loadBalancers: NonNullable<CreateServiceRequest['loadBalancers']>): void {
  for (const binding of loadBalancers) {
    const targetGroup = state.elbv2.targetGroups.get(binding.targetGroupArn ?? '')
    check(
      targetGroup,
      'InvalidParameterException',
      'Unable to assume role and validate the specified targetGroupArn. Please verify that the ECS service role being passed has the proper permissions.',
    )
    check(
      loadBalancersUsing(state.elbv2, binding.targetGroupArn ?? '').length > 0,
      'InvalidParameterException',
      `The target group with targetGroupArn ${binding.targetGroupArn} does not have an associated load balancer.`,
    )
    if (taskDefinition.networkMode === 'awsvpc') {
      check(
        targetGroup.TargetType === 'ip',
        'InvalidParameterException',
        `The provided target group ${binding.targetGroupArn} has target type ${targetGroup.TargetType}, which is incompatible with the awsvpc network mode specified in the task definition.`,
      )
    }
    const container = taskDefinition.containerDefinitions?.find((c) => c.name === binding.containerName)
    check(container, 'InvalidParameterException', `The container ${binding.containerName} does not exist in the task definition.`)
    check(
      container.portMappings?.some((p) => p.containerPort === binding.containerPort),
      'InvalidParameterException',
      `The container ${binding.containerName} did not have a container port ${binding.containerPort} defined.`,
    )
  }
}

// ---- defaults AWS fills in ----

function taskDefinitionWithDefaults(input: RegisterTaskDefinitionRequest, taskDefinitionArn: string, revision: number, context: OperationContext): TaskDefinition {
  const { tags: _tags, ...settings } = input
  const networkMode = input.networkMode ?? 'bridge'
  const fargateReady = networkMode === 'awsvpc' && input.cpu !== undefined && input.memory !== undefined
  return {
    ...settings,
    taskDefinitionArn,
    containerDefinitions: (input.containerDefinitions ?? []).map((c) => containerWithDefaults(c, networkMode)),
    family: input.family,
    networkMode,
    revision,
    volumes: input.volumes ?? [],
    status: 'ACTIVE',
    requiresAttributes: requiredAttributes(input),
    placementConstraints: input.placementConstraints ?? [],
    compatibilities: fargateReady ? ['EC2', 'FARGATE'] : ['EC2'],
    registeredAt: context.now,
    registeredBy: `arn:aws:iam::${context.state.accountId}:user/ecsctl-test`,
  }
}

function containerWithDefaults(container: ContainerDefinition, networkMode: string): ContainerDefinition {
  return {
    ...container,
    cpu: container.cpu ?? 0,
    portMappings: (container.portMappings ?? []).map((mapping) => ({
      ...mapping,
      hostPort: mapping.hostPort ?? (networkMode === 'awsvpc' || networkMode === 'host' ? mapping.containerPort : 0),
      protocol: mapping.protocol ?? 'tcp',
    })),
    essential: container.essential ?? true,
    environment: container.environment ?? [],
    mountPoints: container.mountPoints ?? [],
    volumesFrom: container.volumesFrom ?? [],
    systemControls: container.systemControls ?? [],
  }
}

function requiredAttributes(input: RegisterTaskDefinitionRequest): { name: string }[] {
  const names = new Set<string>(['com.amazonaws.ecs.capability.docker-remote-api.1.18'])
  const containers = input.containerDefinitions ?? []
  if (input.networkMode === 'awsvpc') names.add('ecs.capability.task-eni')
  if (input.taskRoleArn) names.add('com.amazonaws.ecs.capability.task-iam-role')
  if (input.executionRoleArn && containers.some((c) => c.logConfiguration?.logDriver === 'awslogs')) names.add('ecs.capability.execution-role-awslogs')
  if (containers.some((c) => c.logConfiguration?.logDriver === 'awslogs')) names.add('com.amazonaws.ecs.capability.logging-driver.awslogs')
  if (containers.some((c) => c.secrets?.some((s) => s.valueFrom?.includes(':secretsmanager:')))) names.add('ecs.capability.secrets.asm.environment-variables')
  if (containers.some((c) => c.secrets?.some((s) => s.valueFrom?.includes(':ssm:')))) names.add('ecs.capability.secrets.ssm.environment-variables')
  if (containers.some((c) => c.healthCheck)) names.add('ecs.capability.container-health-check')
  if (containers.some((c) => c.dependsOn?.length)) names.add('ecs.capability.container-ordering')
  if ((input.volumes ?? []).some((v) => v.efsVolumeConfiguration)) names.add('ecs.capability.efsAuth')
  if (input.runtimePlatform?.cpuArchitecture === 'ARM64') names.add('ecs.capability.cpu-architecture.arm64')
  return [...names].sort().map((name) => ({ name }))
}

function deploymentConfigurationWithDefaults(configuration: DeploymentConfiguration | undefined): DeploymentConfiguration {
  return {
    ...configuration,
    deploymentCircuitBreaker: { enable: false, rollback: false, ...configuration?.deploymentCircuitBreaker },
    maximumPercent: configuration?.maximumPercent ?? 200,
    minimumHealthyPercent: configuration?.minimumHealthyPercent ?? 100,
    strategy: configuration?.strategy ?? 'ROLLING',
  }
}

function networkConfigurationWithDefaults(configuration: CreateServiceRequest['networkConfiguration']): CreateServiceRequest['networkConfiguration'] {
  const awsvpc = configuration?.awsvpcConfiguration
  if (!awsvpc) return configuration
  return { awsvpcConfiguration: { ...awsvpc, assignPublicIp: awsvpc.assignPublicIp ?? 'DISABLED' } }
}

function serviceLinkedRole(account: string): string {
  return `arn:aws:iam::${account}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`
}

/** Whether an update asks for something other than what is set; the order of keys does not matter. */
function changed(wanted: unknown, current: unknown): boolean {
  return wanted !== undefined && canonical(wanted) !== canonical(current)
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  )
}
