// How an ECS service's deployments progress, one step per DescribeServices call that sees the
// service (so a test or a waiter drives the clock, and nothing sleeps):
// - a new deployment is PRIMARY, IN_PROGRESS, and starts its tasks at once;
// - healthy: its tasks come up over `deploymentSteps` steps, then it is COMPLETED, the older
//   deployments and their tasks are gone, and the service "has reached a steady state";
// - failing (a crashing image, or one that cannot be pulled): each step its tasks stop and new
//   ones start; with the circuit breaker on, after `deploymentSteps` steps it is FAILED, and with
//   rollback on, a new deployment of the last completed task definition becomes PRIMARY and
//   completes like any healthy one.
import type { Deployment, Service, TaskDefinition } from '@aws-sdk/client-ecs'
import type { OperationContext } from '../context.js'
import { digits, lastSegment, uuid } from '../ids.js'
import type { Rollout, ServiceRecord, TaskRecord } from '../state.js'
import { endTask, isLive, launchTask, markRunning, schedulerStop, stopTask, taskFailure } from './ecs-tasks.js'

const MAX_EVENTS = 100

/** Starts a deployment of `taskDefinition` as the service's PRIMARY one. */
export function startDeployment(record: ServiceRecord, taskDefinition: TaskDefinition, context: OperationContext, rollbackOf?: string): Deployment {
  const { service } = record
  const { now } = context
  const id = `ecs-svc/${digits(19)}`
  for (const deployment of service.deployments ?? []) if (deployment.status === 'PRIMARY') deployment.status = 'ACTIVE'
  const fargate = service.launchType === 'FARGATE' || service.capacityProviderStrategy?.some((s) => s.capacityProvider?.startsWith('FARGATE')) === true
  const deployment: Deployment = {
    id,
    status: 'PRIMARY',
    taskDefinition: taskDefinition.taskDefinitionArn,
    desiredCount: service.desiredCount ?? 0,
    pendingCount: 0,
    runningCount: 0,
    failedTasks: 0,
    createdAt: now,
    updatedAt: now,
    capacityProviderStrategy: service.capacityProviderStrategy,
    launchType: service.launchType,
    platformVersion: fargate ? (service.platformVersion && service.platformVersion !== 'LATEST' ? service.platformVersion : '1.4.0') : undefined,
    platformFamily: fargate ? 'Linux' : undefined,
    networkConfiguration: service.networkConfiguration,
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: `ECS deployment ${id} in progress.`,
  }
  service.deployments = [deployment, ...(service.deployments ?? [])]
  service.taskDefinition = taskDefinition.taskDefinitionArn
  record.rollouts.set(id, { deploymentId: id, steps: 0, failure: taskFailure(taskDefinition, context.state, context.simulation), rollbackOf })
  matchTaskCount(record, deployment, context)
  refreshCounts(record, context)
  return deployment
}

/** One step of the service's life, taken each time DescribeServices reports on it. */
export function advanceService(record: ServiceRecord, context: OperationContext): void {
  const { service } = record
  if (service.status === 'DRAINING') {
    record.drainingSteps = (record.drainingSteps ?? 0) + 1
    if (record.drainingSteps >= context.simulation.deploymentSteps) service.status = 'INACTIVE'
    return
  }
  if (service.status !== 'ACTIVE') return
  const primary = service.deployments?.find((d) => d.status === 'PRIMARY')
  const rollout = primary && record.rollouts.get(primary.id ?? '')
  if (!primary || !rollout) return
  if (primary.rolloutState === 'IN_PROGRESS') {
    rollout.steps += 1
    if (rollout.failure) advanceFailingRollout(record, primary, rollout, context)
    else advanceHealthyRollout(record, primary, rollout, context)
  } else if (primary.rolloutState === 'COMPLETED') {
    keepDesiredCount(record, primary, context)
  }
  // A FAILED deployment without a rollback launches nothing more: the circuit breaker stopped it.
  refreshCounts(record, context)
}

/** Tasks come up in proportion to the steps taken; at the last step the deployment completes. */
function advanceHealthyRollout(record: ServiceRecord, deployment: Deployment, rollout: Rollout, context: OperationContext): void {
  matchTaskCount(record, deployment, context)
  const tasks = liveTasks(record, deployment, context)
  const steps = Math.max(1, context.simulation.deploymentSteps)
  const done = rollout.steps >= context.simulation.deploymentSteps
  const running = done ? tasks.length : Math.floor((tasks.length * rollout.steps) / steps)
  startRunning(record, tasks.slice(0, running), context)
  if (done) completeDeployment(record, deployment, context)
}

function advanceFailingRollout(record: ServiceRecord, deployment: Deployment, rollout: Rollout, context: OperationContext): void {
  const { service } = record
  // The tasks started at the last step have crashed (or never pulled their image) by now.
  const failed = liveTasks(record, deployment, context)
  for (const task of failed) endTask(task, context)
  deployment.failedTasks = (deployment.failedTasks ?? 0) + failed.length
  deployment.updatedAt = context.now
  if (failed.length) addEvent(service, `(service ${service.serviceName}) has stopped ${failed.length} running tasks: ${taskList(failed)}.`, context.now)

  const breaker = service.deploymentConfiguration?.deploymentCircuitBreaker
  if (breaker?.enable && rollout.steps >= context.simulation.deploymentSteps) {
    failDeployment(record, deployment, breaker.rollback === true, context)
    return
  }
  // The scheduler tries again; a crashing container starts before it exits.
  const started = matchTaskCount(record, deployment, context)
  if (rollout.failure?.kind === 'crash') for (const task of started) markRunning(task, context.now)
}

function failDeployment(record: ServiceRecord, deployment: Deployment, rollback: boolean, context: OperationContext): void {
  const { service } = record
  deployment.rolloutState = 'FAILED'
  deployment.rolloutStateReason = 'ECS deployment circuit breaker: tasks failed to start.'
  addEvent(service, `(service ${service.serviceName}) (deployment ${deployment.id}) deployment failed: tasks failed to start.`, context.now)
  const previous = record.lastCompletedTaskDefinition
  if (!rollback || !previous) return
  const taskDefinition = findTaskDefinition(context, previous)
  if (!taskDefinition) return
  addEvent(service, `(service ${service.serviceName}) rolling back to deployment ${record.lastCompletedDeploymentId}.`, context.now)
  startDeployment(record, taskDefinition, context, deployment.id)
}

function completeDeployment(record: ServiceRecord, deployment: Deployment, context: OperationContext): void {
  const { service } = record
  const { now } = context
  deployment.rolloutState = 'COMPLETED'
  deployment.rolloutStateReason = `ECS deployment ${deployment.id} completed.`
  deployment.updatedAt = now
  // The older deployments drain: their tasks stop and they leave the list.
  for (const older of service.deployments ?? []) {
    if (older === deployment) continue
    const tasks = liveTasks(record, older, context)
    for (const task of tasks) stopTask(task, schedulerStop(older.id ?? ''), now)
    if (tasks.length) {
      addEvent(service, `(service ${service.serviceName}) has stopped ${tasks.length} running tasks: ${taskList(tasks)}.`, now)
      addTargetEvents(record, 'deregistered', tasks.length, now)
    }
    record.rollouts.delete(older.id ?? '')
  }
  service.deployments = [deployment]
  record.lastCompletedTaskDefinition = deployment.taskDefinition
  record.lastCompletedDeploymentId = deployment.id
  addEvent(service, `(service ${service.serviceName}) (deployment ${deployment.id}) deployment completed.`, now)
  addEvent(service, `(service ${service.serviceName}) has reached a steady state.`, now)
}

/** After a rollout: a changed desired count is met at the next step (scale out or in). */
function keepDesiredCount(record: ServiceRecord, deployment: Deployment, context: OperationContext): void {
  const pending = liveTasks(record, deployment, context).filter((task) => task.task.lastStatus !== 'RUNNING')
  const started = matchTaskCount(record, deployment, context)
  const changed = pending.length > 0 || started.length > 0 || deployment.runningCount !== deployment.desiredCount
  startRunning(record, liveTasks(record, deployment, context), context)
  if (changed) addEvent(record.service, `(service ${record.service.serviceName}) has reached a steady state.`, context.now)
}

/** Starts or stops tasks of `deployment` until as many are live as it wants; returns those started. */
export function matchTaskCount(record: ServiceRecord, deployment: Deployment, context: OperationContext): TaskRecord[] {
  const { service } = record
  const live = liveTasks(record, deployment, context)
  const wanted = deployment.desiredCount ?? 0
  if (live.length > wanted) {
    const extra = live.slice(wanted)
    for (const task of extra) stopTask(task, schedulerStop(deployment.id ?? ''), context.now)
    addEvent(service, `(service ${service.serviceName}) has stopped ${extra.length} running tasks: ${taskList(extra)}.`, context.now)
    return []
  }
  const taskDefinition = findTaskDefinition(context, deployment.taskDefinition ?? '')
  if (!taskDefinition || live.length === wanted) return []
  const started = Array.from({ length: wanted - live.length }, () =>
    launchTask(
      {
        clusterName: record.clusterName,
        taskDefinition,
        launchType: service.launchType,
        capacityProviderName: service.capacityProviderStrategy?.[0]?.capacityProvider,
        platformVersion: service.platformVersion,
        subnets: service.networkConfiguration?.awsvpcConfiguration?.subnets,
        startedBy: deployment.id,
        group: `service:${service.serviceName}`,
        serviceKey: `${record.clusterName}/${service.serviceName}`,
        deploymentId: deployment.id,
        tags: propagatedTags(record, taskDefinition, context),
      },
      context,
    ),
  )
  addEvent(service, `(service ${service.serviceName}) has started ${started.length} tasks: ${taskList(started)}.`, context.now)
  return started
}

/** Stops every task of the service (DeleteService). */
export function stopServiceTasks(record: ServiceRecord, context: OperationContext): void {
  const tasks = [...context.state.ecs.tasks.values()].filter((task) => task.serviceKey === serviceKeyOf(record) && isLive(task))
  for (const task of tasks) stopTask(task, schedulerStop(record.service.deployments?.[0]?.id ?? ''), context.now)
  if (tasks.length) addEvent(record.service, `(service ${record.service.serviceName}) has stopped ${tasks.length} running tasks: ${taskList(tasks)}.`, context.now)
  refreshCounts(record, context)
}

/** Running and pending counts of each deployment and of the service, from its tasks. */
export function refreshCounts(record: ServiceRecord, context: OperationContext): void {
  const { service } = record
  let running = 0
  let pending = 0
  for (const deployment of service.deployments ?? []) {
    const tasks = liveTasks(record, deployment, context)
    deployment.runningCount = tasks.filter((t) => t.task.lastStatus === 'RUNNING').length
    deployment.pendingCount = tasks.length - deployment.runningCount
    running += deployment.runningCount
    pending += deployment.pendingCount
  }
  service.runningCount = running
  service.pendingCount = pending
}

export function addEvent(service: Service, message: string, now: Date): void {
  service.events = [{ id: uuid(), createdAt: now, message }, ...(service.events ?? [])].slice(0, MAX_EVENTS)
}

function startRunning(record: ServiceRecord, tasks: TaskRecord[], context: OperationContext): void {
  const starting = tasks.filter((task) => task.task.lastStatus !== 'RUNNING')
  for (const task of starting) markRunning(task, context.now)
  if (starting.length) addTargetEvents(record, 'registered', starting.length, context.now)
}

function addTargetEvents(record: ServiceRecord, verb: 'registered' | 'deregistered', count: number, now: Date): void {
  for (const lb of record.service.loadBalancers ?? []) {
    if (lb.targetGroupArn) addEvent(record.service, `(service ${record.service.serviceName}) ${verb} ${count} targets in (target-group ${lb.targetGroupArn})`, now)
  }
}

/** ECS_MANAGED tags, and the service's or task definition's tags as propagateTags says. */
function propagatedTags(record: ServiceRecord, taskDefinition: TaskDefinition, context: OperationContext) {
  const { service } = record
  const tags = []
  if (service.enableECSManagedTags) {
    tags.push({ key: 'aws:ecs:clusterName', value: record.clusterName }, { key: 'aws:ecs:serviceName', value: service.serviceName })
  }
  if (service.propagateTags === 'SERVICE') tags.push(...record.tags)
  if (service.propagateTags === 'TASK_DEFINITION') {
    const [family = '', revision = '0'] = lastSegment(taskDefinition.taskDefinitionArn ?? '').split(':')
    tags.push(...(context.state.ecs.taskDefinitions.get(family)?.[Number(revision) - 1]?.tags ?? []))
  }
  return tags
}

/** The deployment's tasks that have not stopped, oldest first. */
function liveTasks(record: ServiceRecord, deployment: Deployment, context: OperationContext): TaskRecord[] {
  return [...context.state.ecs.tasks.values()].filter((task) => task.serviceKey === serviceKeyOf(record) && task.deploymentId === deployment.id && isLive(task))
}

const serviceKeyOf = (record: ServiceRecord) => `${record.clusterName}/${record.service.serviceName}`

function taskList(tasks: TaskRecord[]): string {
  return tasks.map((task) => `(task ${lastSegment(task.task.taskArn ?? '')})`).join(' ')
}

function findTaskDefinition(context: OperationContext, taskDefinitionArn: string): TaskDefinition | undefined {
  const [family = '', revision = '0'] = lastSegment(taskDefinitionArn).split(':')
  return context.state.ecs.taskDefinitions.get(family)?.[Number(revision) - 1]?.taskDefinition
}
