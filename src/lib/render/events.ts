// Standalone tasks started by EventBridge: one rule per task (a schedule or an event pattern) and
// one ECS target that runs the service's task definition with the task's command.
import type { EcsParameters, PutRuleCommandInput, PutTargetsCommandInput } from '@aws-sdk/client-eventbridge'
import type { Manifest, Task } from '../manifest/schema.js'
import { taskContainer } from '../manifest/launch.js'
import { clusterArn, enabledDisabled, familyArn, keyValueTags, roleArn, withoutUndefined, type RenderContext } from './common.js'
import { awsvpcConfiguration, capacityProviderStrategy, placementConstraints, placementStrategy } from './service.js'
import { taskRuleName } from './names.js'

type EventsManifest = Pick<
  Manifest,
  'name' | 'family' | 'cluster' | 'tags' | 'roles' | 'containers' | 'launchType' | 'capacityProviders' | 'network' | 'networkMode' | 'placement' | 'tasks'
>

export function renderTaskRule(m: Pick<Manifest, 'name' | 'cluster' | 'tags'>, taskName: string, task: Task): PutRuleCommandInput {
  return withoutUndefined({
    Name: taskRuleName(m, taskName),
    ScheduleExpression: task.schedule,
    // EventBridge takes the pattern as a JSON string.
    EventPattern: task.eventPattern === undefined ? undefined : JSON.stringify(task.eventPattern),
    State: enabledDisabled(task.enabled),
    Description: task.description ?? `Runs task "${taskName}" of ECS service ${m.name} in cluster ${m.cluster} (managed by ecsctl)`,
    Tags: keyValueTags(m),
  })
}

/** RunTask's parameters as EventBridge spells them (PascalCase outside, ECS's camelCase inside). */
export function renderEcsParameters(m: EventsManifest, task: Task, context: RenderContext): EcsParameters {
  const strategy = capacityProviderStrategy(m)
  const awsvpc = awsvpcConfiguration(m)
  return withoutUndefined({
    TaskDefinitionArn: familyArn(m, context),
    TaskCount: task.count,
    LaunchType: strategy ? undefined : m.launchType,
    CapacityProviderStrategy: strategy,
    NetworkConfiguration: awsvpc
      ? { awsvpcConfiguration: { Subnets: awsvpc.subnets ?? [], SecurityGroups: awsvpc.securityGroups, AssignPublicIp: awsvpc.assignPublicIp } }
      : undefined,
    PlacementConstraints: placementConstraints(m),
    PlacementStrategy: placementStrategy(m),
  })
}

/** The command override, as the JSON RunTask's `overrides` takes; none without a command. */
export function renderTaskInput(m: Pick<Manifest, 'containers'>, task: Task): string | undefined {
  const container = taskContainer(m, task)
  if (!task.command || !container) return undefined
  return JSON.stringify({ containerOverrides: [{ name: container, command: task.command }] })
}

export function renderTaskTargets(m: EventsManifest, taskName: string, task: Task, context: RenderContext): PutTargetsCommandInput {
  return withoutUndefined({
    Rule: taskRuleName(m, taskName),
    Targets: [
      {
        Id: taskName,
        Arn: clusterArn(m, context),
        RoleArn: m.roles?.events ? roleArn(m.roles.events, context) : undefined,
        Input: renderTaskInput(m, task),
        EcsParameters: renderEcsParameters(m, task, context),
      },
    ],
  })
}

export interface RenderedScheduledTask {
  putRule: PutRuleCommandInput
  putTargets: PutTargetsCommandInput
}

/** Each task's rule, then its target (PutTargets needs the rule), in manifest order. */
export function renderScheduledTasks(m: EventsManifest, context: RenderContext): RenderedScheduledTask[] {
  return Object.entries(m.tasks ?? {}).map(([taskName, task]) => ({
    putRule: renderTaskRule(m, taskName, task),
    putTargets: renderTaskTargets(m, taskName, task, context),
  }))
}
