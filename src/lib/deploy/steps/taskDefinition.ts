// The task definition: a new revision only when the manifest differs from the family's latest
// ACTIVE revision (the plan compared them); otherwise that revision is reused, so that deploying
// the same manifest twice registers nothing. A change of tags alone is made on the revision.
import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import { EcsctlError } from '../../errors.js'
import { IMPACT, type ResourceChange } from '../../plan/index.js'
import { taskDefinitionRef } from '../../plan/normalize/common.js'
import { inputOf, liveIdOf, resolved, send, type StepContext, type TaskDefinitionOutcome } from './context.js'
import { hasTagUpdate, tagUpdate } from './fields.js'

export const needsNewRevision = (change: ResourceChange): boolean => change.action === 'create' || change.impact === IMPACT.newRevision

/** Registers a revision or reuses the latest one; either way `context.taskDefinition` says which. */
export async function applyTaskDefinition(change: ResourceChange, context: StepContext): Promise<string> {
  if (needsNewRevision(change)) {
    context.taskDefinition = await registerRevision(change, context)
    return `registered ${context.taskDefinition.revision}`
  }
  const arn = liveIdOf(change)
  context.taskDefinition = { arn, revision: revisionOf(arn), registered: false }
  if (change.action === 'update') await updateRevisionTags(change, arn, context)
  return `reused ${context.taskDefinition.revision}: the manifest matches the latest ACTIVE revision`
}

async function registerRevision(change: ResourceChange, context: StepContext): Promise<TaskDefinitionOutcome> {
  const ecs = await context.clients.ecs()
  const { RegisterTaskDefinitionCommand } = await import('@aws-sdk/client-ecs')
  const input = resolved(context, inputOf<RegisterTaskDefinitionCommandInput>(change), change.resource)
  const output = await send(context, 'ecs:RegisterTaskDefinition', change.resource, () => ecs.send(new RegisterTaskDefinitionCommand(input)))
  const arn = output.taskDefinition?.taskDefinitionArn
  if (!arn) throw new EcsctlError('aws', `ecs:RegisterTaskDefinition (${change.resource}): ECS returned no task definition ARN.`)
  return { arn, revision: revisionOf(arn), registered: true }
}

async function updateRevisionTags(change: ResourceChange, resourceArn: string, context: StepContext): Promise<void> {
  const update = tagUpdate(change.changes, 'tags')
  if (!hasTagUpdate(update)) return
  const ecs = await context.clients.ecs()
  const { TagResourceCommand, UntagResourceCommand } = await import('@aws-sdk/client-ecs')
  if (Object.keys(update.set).length > 0) {
    const tags = Object.entries(update.set).map(([key, value]) => ({ key, value }))
    await send(context, 'ecs:TagResource', change.resource, () => ecs.send(new TagResourceCommand({ resourceArn, tags })))
  }
  if (update.remove.length > 0) {
    await send(context, 'ecs:UntagResource', change.resource, () => ecs.send(new UntagResourceCommand({ resourceArn, tagKeys: update.remove })))
  }
}

/** `arn:...:task-definition/web:8` -> `web:8`. */
export const revisionOf = (arn: string): string => taskDefinitionRef(arn) ?? arn
