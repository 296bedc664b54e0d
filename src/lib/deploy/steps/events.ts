// EventBridge rules that start the manifest's tasks, with their ECS targets. PutRule replaces a
// rule whole (fields left out do not keep their old values, per its reference) but takes tags only
// when it creates one; targets are put by id, and targets the manifest no longer has are removed.
import type { PutRuleCommandInput, PutTargetsResponse, RemoveTargetsResponse } from '@aws-sdk/client-eventbridge'
import { EcsctlError } from '../../errors.js'
import type { ResourceChange } from '../../plan/index.js'
import type { EventRuleInput } from '../../plan/normalize/events.js'
import { inputOf, liveIdOf, resolved, send, sendAccepting, type StepContext } from './context.js'
import { changedFields, changesBeyond, hasTagUpdate, keyValueList, tagUpdate } from './fields.js'

export async function applyEventRule(change: ResourceChange, context: StepContext): Promise<void> {
  const eventbridge = await context.clients.eventbridge()
  const sdk = await import('@aws-sdk/client-eventbridge')
  const { Targets, Tags, ...rule } = resolved(context, inputOf<EventRuleInput>(change), change.resource)
  const name = rule.Name ?? change.name
  const create = change.action === 'create'

  if (create || changesBeyond(change.changes, ['Tags', 'Targets'])) {
    const request: PutRuleCommandInput = create ? { ...rule, Tags } : rule
    await send(context, 'events:PutRule', change.resource, () => eventbridge.send(new sdk.PutRuleCommand(request)))
  }
  if (!create) await updateRuleTags(change, context)

  const changed = changedFields(change.changes)
  if ((create || changed.has('Targets')) && Targets && Targets.length > 0) {
    const output = await send(context, 'events:PutTargets', change.resource, () => eventbridge.send(new sdk.PutTargetsCommand({ Rule: name, Targets })))
    throwOnFailedEntries('events:PutTargets', change, output)
  }
  if (!create && changed.has('Targets')) {
    const keep = new Set((Targets ?? []).map((target) => target.Id))
    const stale = liveTargetIds(change, context).filter((id) => !keep.has(id))
    if (stale.length > 0) {
      const output = await send(context, 'events:RemoveTargets', change.resource, () => eventbridge.send(new sdk.RemoveTargetsCommand({ Rule: name, Ids: stale })))
      throwOnFailedEntries('events:RemoveTargets', change, output)
    }
  }
}

/** A rule with targets cannot be deleted: its targets go first. */
export async function deleteEventRule(change: ResourceChange, context: StepContext): Promise<void> {
  const eventbridge = await context.clients.eventbridge()
  const sdk = await import('@aws-sdk/client-eventbridge')
  const ids = liveTargetIds(change, context)
  if (ids.length > 0) {
    const output = await sendAccepting(context, 'events:RemoveTargets', change.resource, ['ResourceNotFoundException'], () =>
      eventbridge.send(new sdk.RemoveTargetsCommand({ Rule: change.name, Ids: ids })),
    )
    if (output) throwOnFailedEntries('events:RemoveTargets', change, output)
  }
  await sendAccepting(context, 'events:DeleteRule', change.resource, ['ResourceNotFoundException'], () => eventbridge.send(new sdk.DeleteRuleCommand({ Name: change.name })))
}

const liveTargetIds = (change: ResourceChange, context: StepContext): string[] =>
  (context.live.eventRules[change.name]?.targets ?? []).flatMap((target) => (target.Id ? [target.Id] : []))

/** PutTargets and RemoveTargets answer 200 even when an entry failed; the failures are in the body. */
function throwOnFailedEntries(action: string, change: ResourceChange, output: PutTargetsResponse | RemoveTargetsResponse): void {
  const failed = output.FailedEntries ?? []
  if ((output.FailedEntryCount ?? failed.length) === 0) return
  const reasons = failed.map((entry) => `${entry.TargetId ?? '?'}: ${entry.ErrorCode ?? ''} ${entry.ErrorMessage ?? ''}`.trim()).join('; ')
  throw new EcsctlError('aws', `${action} (${change.resource}): EventBridge refused ${failed.length || output.FailedEntryCount} target(s): ${reasons}.`, {
    details: { failedEntries: failed },
  })
}

async function updateRuleTags(change: ResourceChange, context: StepContext): Promise<void> {
  const update = tagUpdate(change.changes, 'Tags')
  if (!hasTagUpdate(update)) return
  const eventbridge = await context.clients.eventbridge()
  const { TagResourceCommand, UntagResourceCommand } = await import('@aws-sdk/client-eventbridge')
  const ResourceARN = liveIdOf(change)
  if (Object.keys(update.set).length > 0) {
    await send(context, 'events:TagResource', change.resource, () => eventbridge.send(new TagResourceCommand({ ResourceARN, Tags: keyValueList(update.set) })))
  }
  if (update.remove.length > 0) {
    await send(context, 'events:UntagResource', change.resource, () => eventbridge.send(new UntagResourceCommand({ ResourceARN, TagKeys: update.remove })))
  }
}
