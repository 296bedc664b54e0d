// Everything the endpoint holds, in memory, in the SDK's own output shapes where AWS has one, so
// that what a Describe call returns is the stored record (plus what is computed on reading).
import type { ScalableTarget, ScalingPolicy, ScheduledAction } from '@aws-sdk/client-application-auto-scaling'
import type { MetricAlarm, Tag as CloudWatchTag } from '@aws-sdk/client-cloudwatch'
import type { LogGroup, LogStream, OutputLogEvent } from '@aws-sdk/client-cloudwatch-logs'
import type { Cluster, Tag as EcsTag, Service, Task, TaskDefinition } from '@aws-sdk/client-ecs'
import type { AccessPointDescription, FileSystemDescription } from '@aws-sdk/client-efs'
import type { Tag as ElbTag, Listener, LoadBalancer, Rule, TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2'
import type { DescribeRuleResponse, Tag as EventBridgeTag, Target } from '@aws-sdk/client-eventbridge'

export interface EcsState {
  /** By cluster name. */
  clusters: Map<string, ClusterRecord>
  /** By family; revision N is at index N - 1. */
  taskDefinitions: Map<string, TaskDefinitionRecord[]>
  /** By `cluster/service`. Deleted services stay (INACTIVE) as in ECS. */
  services: Map<string, ServiceRecord>
  /** By task ARN, stopped tasks included. */
  tasks: Map<string, TaskRecord>
}

export interface ClusterRecord {
  cluster: Cluster
  tags: EcsTag[]
}

export interface TaskDefinitionRecord {
  taskDefinition: TaskDefinition
  tags: EcsTag[]
}

/** Why the tasks of a task definition cannot run: a crashing container or an image that does not exist. */
export type TaskFailure = { kind: 'crash'; containers: string[] } | { kind: 'pull'; container: string; image: string }

/** How far one deployment of a service has got; the deployment itself is in `service.deployments`. */
export interface Rollout {
  deploymentId: string
  /** DescribeServices calls seen since the deployment started. */
  steps: number
  failure: TaskFailure | undefined
  /** For a circuit-breaker rollback: the id of the deployment that failed. */
  rollbackOf?: string
}

export interface ServiceRecord {
  service: Service
  clusterName: string
  region: string
  tags: EcsTag[]
  /** By deployment id. */
  rollouts: Map<string, Rollout>
  /** The task definition of the last deployment that completed: where a rollback goes. */
  lastCompletedTaskDefinition?: string
  lastCompletedDeploymentId?: string
  /** DescribeServices calls seen while DRAINING, after DeleteService. */
  drainingSteps?: number
}

export interface TaskRecord {
  task: Task
  tags: EcsTag[]
  clusterName: string
  region: string
  /** `cluster/service` for tasks a service started. */
  serviceKey?: string
  deploymentId?: string
  /** DescribeTasks calls seen (standalone tasks advance on those). */
  steps: number
  failure: TaskFailure | undefined
  privateIp: string
}

export interface Elbv2State {
  loadBalancers: Map<string, LoadBalancer>
  listeners: Map<string, Listener>
  /** By rule ARN; the listener's default rule included. */
  rules: Map<string, { rule: Rule; listenerArn: string }>
  /** LoadBalancerArns is computed when read, from the listeners and rules that forward to it. */
  targetGroups: Map<string, TargetGroup>
  targetGroupAttributes: Map<string, Map<string, string>>
  /** By resource ARN. */
  tags: Map<string, ElbTag[]>
}

export interface EfsState {
  fileSystems: Map<string, FileSystemDescription>
  accessPoints: Map<string, AccessPointDescription>
}

export interface AutoScalingState {
  /** By `namespace|resourceId|dimension`. */
  targets: Map<string, ScalableTarget>
  /** By ScalableTargetARN. */
  tags: Map<string, Record<string, string>>
  /** By `namespace|resourceId|dimension|name`. */
  policies: Map<string, ScalingPolicy>
  scheduledActions: Map<string, ScheduledAction>
}

export interface CloudWatchState {
  alarms: Map<string, MetricAlarm>
  /** By alarm ARN. */
  tags: Map<string, CloudWatchTag[]>
}

export interface EventRuleRecord {
  rule: Omit<DescribeRuleResponse, '$metadata'>
  targets: Target[]
}

export interface EventBridgeState {
  /** By `bus/name`. */
  rules: Map<string, EventRuleRecord>
  /** By rule ARN. */
  tags: Map<string, EventBridgeTag[]>
}

export interface LogStreamRecord {
  stream: LogStream
  events: OutputLogEvent[]
}

export interface LogGroupRecord {
  group: LogGroup
  tags: Record<string, string>
  streams: Map<string, LogStreamRecord>
}

export interface LogsState {
  groups: Map<string, LogGroupRecord>
}

export interface EcrImage {
  digest: string
  tags: string[]
  pushedAt: Date
  sizeInBytes: number
  manifest: string
}

export interface EcrState {
  /** By repository name. */
  repositories: Map<string, { createdAt: Date; images: EcrImage[] }>
}

export interface EndpointState {
  accountId: string
  ecs: EcsState
  elbv2: Elbv2State
  efs: EfsState
  autoscaling: AutoScalingState
  cloudwatch: CloudWatchState
  eventbridge: EventBridgeState
  logs: LogsState
  ecr: EcrState
  /** Counts up to give each task its own private IP address. */
  nextAddress: number
}

export function emptyState(accountId: string): EndpointState {
  return {
    accountId,
    ecs: { clusters: new Map(), taskDefinitions: new Map(), services: new Map(), tasks: new Map() },
    elbv2: { loadBalancers: new Map(), listeners: new Map(), rules: new Map(), targetGroups: new Map(), targetGroupAttributes: new Map(), tags: new Map() },
    efs: { fileSystems: new Map(), accessPoints: new Map() },
    autoscaling: { targets: new Map(), tags: new Map(), policies: new Map(), scheduledActions: new Map() },
    cloudwatch: { alarms: new Map(), tags: new Map() },
    eventbridge: { rules: new Map(), tags: new Map() },
    logs: { groups: new Map() },
    ecr: { repositories: new Map() },
    nextAddress: 0,
  }
}

/** Empties `state` in place, so that references held by tests stay valid. */
export function clearState(state: EndpointState): void {
  const fresh = emptyState(state.accountId)
  Object.assign(state, fresh)
}
