// Target groups, ALB listener rules and the NLB listener's default action. Each update sends only
// the fields that changed, each with its value after defaults are filled in: a health check path
// the manifest dropped goes back to "/" rather than staying as it was.
import type { CreateRuleCommandInput, ModifyListenerCommandInput, ModifyTargetGroupCommandInput } from '@aws-sdk/client-elastic-load-balancing-v2'
import { EcsctlError } from '../../errors.js'
import type { ResourceChange } from '../../plan/index.js'
import { canonicalTargetGroup, type TargetGroupInput } from '../../plan/normalize/loadBalancing.js'
import { placeholder } from '../../render/names.js'
import { inputOf, liveIdOf, resolved, send, sendAccepting, type StepContext } from './context.js'
import { changedFields, hasTagUpdate, keyValueList, tagUpdate } from './fields.js'

/** What ModifyTargetGroup can change: the health check. */
const HEALTH_CHECK_FIELDS = [
  'HealthCheckProtocol',
  'HealthCheckPort',
  'HealthCheckPath',
  'HealthCheckEnabled',
  'HealthCheckIntervalSeconds',
  'HealthCheckTimeoutSeconds',
  'HealthyThresholdCount',
  'UnhealthyThresholdCount',
  'Matcher',
] as const satisfies readonly (keyof ModifyTargetGroupCommandInput & keyof TargetGroupInput)[]

/** `...:targetgroup/NAME/ID` -> ID, as CloudWatch dimensions and ALBRequestCountPerTarget use it. */
const targetGroupIdOf = (arn: string): string | undefined => /:targetgroup\/[^/]+\/([^/]+)$/.exec(arn)?.[1]

export async function applyTargetGroup(change: ResourceChange, context: StepContext): Promise<string | undefined> {
  const elbv2 = await context.clients.elbv2()
  const sdk = await import('@aws-sdk/client-elastic-load-balancing-v2')
  const { Attributes, ...createInput } = resolved(context, inputOf<TargetGroupInput>(change), change.resource)

  let arn: string
  if (change.action === 'create') {
    // Same name and settings as an existing one: ELBv2 answers with that one, so a retry is safe.
    const output = await send(context, 'elasticloadbalancing:CreateTargetGroup', change.resource, () => elbv2.send(new sdk.CreateTargetGroupCommand(createInput)))
    const created = output.TargetGroups?.[0]?.TargetGroupArn
    if (!created) throw new EcsctlError('aws', `elasticloadbalancing:CreateTargetGroup (${change.resource}): ELBv2 returned no target group ARN.`)
    arn = created
    context.values.set(placeholder.targetGroupArn(change.name), arn)
    const id = targetGroupIdOf(arn)
    if (id) context.values.set(placeholder.targetGroupId(change.name), id)
    if (Attributes && Attributes.length > 0) {
      await send(context, 'elasticloadbalancing:ModifyTargetGroupAttributes', change.resource, () =>
        elbv2.send(new sdk.ModifyTargetGroupAttributesCommand({ TargetGroupArn: arn, Attributes })),
      )
    }
    return `created ${arn}`
  }

  arn = liveIdOf(change)
  const changed = changedFields(change.changes)
  const canonical = canonicalTargetGroup({ ...createInput, Attributes })
  const healthCheck = Object.fromEntries(HEALTH_CHECK_FIELDS.filter((field) => changed.has(field)).map((field) => [field, canonical[field]]))
  if (Object.keys(healthCheck).length > 0) {
    await send(context, 'elasticloadbalancing:ModifyTargetGroup', change.resource, () =>
      elbv2.send(new sdk.ModifyTargetGroupCommand({ TargetGroupArn: arn, ...healthCheck })),
    )
  }
  if (changed.has('Attributes')) {
    // The canonical form holds every attribute ecsctl manages, with ELBv2's default for one the manifest dropped.
    await send(context, 'elasticloadbalancing:ModifyTargetGroupAttributes', change.resource, () =>
      elbv2.send(new sdk.ModifyTargetGroupAttributesCommand({ TargetGroupArn: arn, Attributes: canonical.Attributes })),
    )
  }
  await updateElbTags(change, arn, context)
  return undefined
}

export async function applyListenerRule(change: ResourceChange, context: StepContext): Promise<string | undefined> {
  const elbv2 = await context.clients.elbv2()
  const sdk = await import('@aws-sdk/client-elastic-load-balancing-v2')
  const input = resolved(context, inputOf<CreateRuleCommandInput>(change), change.resource)
  if (change.action === 'create') {
    const output = await send(context, 'elasticloadbalancing:CreateRule', change.resource, () => elbv2.send(new sdk.CreateRuleCommand(input)))
    return output.Rules?.[0]?.RuleArn ? `created ${output.Rules[0].RuleArn}` : undefined
  }
  const RuleArn = liveIdOf(change)
  const changed = changedFields(change.changes)
  if (changed.has('Priority')) {
    await send(context, 'elasticloadbalancing:SetRulePriorities', change.resource, () =>
      elbv2.send(new sdk.SetRulePrioritiesCommand({ RulePriorities: [{ RuleArn, Priority: input.Priority }] })),
    )
  }
  if (changed.has('Conditions') || changed.has('Actions')) {
    await send(context, 'elasticloadbalancing:ModifyRule', change.resource, () =>
      elbv2.send(new sdk.ModifyRuleCommand({ RuleArn, Conditions: input.Conditions, Actions: input.Actions })),
    )
  }
  await updateElbTags(change, RuleArn, context)
  return undefined
}

export async function deleteListenerRule(change: ResourceChange, context: StepContext): Promise<void> {
  const elbv2 = await context.clients.elbv2()
  const { DeleteRuleCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2')
  const RuleArn = liveIdOf(change)
  await sendAccepting(context, 'elasticloadbalancing:DeleteRule', change.resource, ['RuleNotFoundException', 'RuleNotFound'], () =>
    elbv2.send(new DeleteRuleCommand({ RuleArn })),
  )
}

/** A target group ecsctl created that the service no longer uses (the rollout moved off it). */
export async function deleteTargetGroup(change: ResourceChange, context: StepContext): Promise<void> {
  const elbv2 = await context.clients.elbv2()
  const { DeleteTargetGroupCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2')
  const TargetGroupArn = liveIdOf(change)
  await sendAccepting(context, 'elasticloadbalancing:DeleteTargetGroup', change.resource, ['TargetGroupNotFoundException', 'TargetGroupNotFound'], () =>
    elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn })),
  )
}

/** An NLB listener ecsctl points at the service's target group: only its default action changes. */
export async function applyListener(change: ResourceChange, context: StepContext): Promise<void> {
  const elbv2 = await context.clients.elbv2()
  const { ModifyListenerCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2')
  const { ListenerArn, DefaultActions } = resolved(context, inputOf<ModifyListenerCommandInput>(change), change.resource)
  await send(context, 'elasticloadbalancing:ModifyListener', change.resource, () => elbv2.send(new ModifyListenerCommand({ ListenerArn, DefaultActions })))
}

async function updateElbTags(change: ResourceChange, arn: string, context: StepContext): Promise<void> {
  const update = tagUpdate(change.changes, 'Tags')
  if (!hasTagUpdate(update)) return
  const elbv2 = await context.clients.elbv2()
  const { AddTagsCommand, RemoveTagsCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2')
  if (Object.keys(update.set).length > 0) {
    await send(context, 'elasticloadbalancing:AddTags', change.resource, () => elbv2.send(new AddTagsCommand({ ResourceArns: [arn], Tags: keyValueList(update.set) })))
  }
  if (update.remove.length > 0) {
    await send(context, 'elasticloadbalancing:RemoveTags', change.resource, () => elbv2.send(new RemoveTagsCommand({ ResourceArns: [arn], TagKeys: update.remove })))
  }
}
