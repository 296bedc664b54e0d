// What AWS holds for one service, as the SDK's *output* shapes. The normaliser in src/lib/plan
// turns these into the SDK's input shapes (what render produces) before the plan compares them.
// Absent resources are missing keys or undefined, never errors. Types only: no SDK code loads.
import type { MetricAlarm, Tag as CloudWatchTag } from '@aws-sdk/client-cloudwatch'
import type { LogGroup } from '@aws-sdk/client-cloudwatch-logs'
import type { Tag as EcsTag, Service, TaskDefinition } from '@aws-sdk/client-ecs'
import type { AccessPointDescription, FileSystemDescription } from '@aws-sdk/client-efs'
import type { Tag as ElbTag, Listener, LoadBalancer, Rule, TargetGroup, TargetGroupAttribute } from '@aws-sdk/client-elastic-load-balancing-v2'
import type { DescribeRuleResponse, Tag as EventBridgeTag, Target } from '@aws-sdk/client-eventbridge'
import type { ScalableTarget, ScalingPolicy, ScheduledAction } from '@aws-sdk/client-application-auto-scaling'

export interface LiveTaskDefinition {
  taskDefinition: TaskDefinition
  tags: EcsTag[]
}

export interface LiveTargetGroup {
  targetGroup: TargetGroup
  attributes: TargetGroupAttribute[]
  tags: ElbTag[]
}

export interface LiveListenerRule {
  rule: Rule
  tags: ElbTag[]
}

export interface LiveEventRule {
  /** DescribeRule's answer (ListRules' fields plus CreatedBy), without the response metadata. */
  rule: Omit<DescribeRuleResponse, '$metadata'>
  targets: Target[]
  tags: EventBridgeTag[]
}

export interface LiveAlarm {
  alarm: MetricAlarm
  tags: CloudWatchTag[]
}

export interface LiveState {
  /**
   * The account the resources live in: the one given by the caller, else taken from the ARNs
   * read (service, task definition, target groups), else from the manifest's listener or role
   * ARNs. Undefined for a first deploy whose manifest names no ARN (STS would know; not asked).
   */
  accountId?: string
  /** The ECS service with its tags; undefined when DescribeServices reports it MISSING or INACTIVE. */
  service?: Service
  /** The latest ACTIVE revision of the family, with its tags; undefined when the family has none. */
  taskDefinition?: LiveTaskDefinition
  /** Target groups ecsctl manages (alb/nlb load balancers), by name; a name that does not exist has no key. */
  targetGroups: Record<string, LiveTargetGroup>
  /**
   * Target groups the live service uses that the manifest neither manages nor names, by name, with
   * their tags: those tagged as this service's were created by ecsctl and are no longer declared.
   */
  undeclaredTargetGroups: Record<string, { arn: string; tags: ElbTag[] }>
  /** Target groups the manifest names with `targetGroup:` (not managed), by the ARN or name as written. */
  externalTargetGroups: Record<string, TargetGroup>
  /** Every rule of each alb listener (other services' rules too, to see taken priorities), by listener ARN. */
  listenerRules: Record<string, LiveListenerRule[]>
  /** Each nlb listener, by ARN (ecsctl points its default action at the target group). */
  listeners: Record<string, Listener>
  /** The load balancer of each alb/nlb listener, by load balancer ARN: its VpcId is where a new target group goes. */
  loadBalancers: Record<string, LoadBalancer>
  /** File systems the manifest names with `fileSystem:` (their Name tag), by that name. */
  fileSystems: Record<string, FileSystemDescription>
  /** Access points tagged `ecsctl:service=<name>`, by file system id; tags come with each one. */
  accessPoints: Record<string, AccessPointDescription[]>
  /** The service's scalable target (ecs:service:DesiredCount); undefined when not registered. */
  scalableTarget?: ScalableTarget
  /** Scaling policies of the service whose names start with its policy prefix, by name. */
  scalingPolicies: Record<string, ScalingPolicy>
  /** Scheduled actions of the service whose names start with its policy prefix, by name. */
  scheduledActions: Record<string, ScheduledAction>
  /**
   * Metric alarms whose names start with the service's account-wide prefix, with their tags, by
   * name. The prefix of service "web" also begins the names of a service "web-api": only an alarm
   * tagged `ecsctl:service=<name>` is this service's to change or delete.
   */
  alarms: Record<string, LiveAlarm>
  /** EventBridge rules (default bus) whose names start with the account-wide prefix, by name; ownership as for alarms. */
  eventRules: Record<string, LiveEventRule>
  /** The containers' log groups, by exact name; a group that does not exist has no key. */
  logGroups: Record<string, LogGroup>
}
