// EFS access points ecsctl creates for volumes. EFS changes nothing of an access point in place
// but its tags: a changed definition means a new access point (its client token differs, so a
// retry never makes two), which the task definition then names; the old one is deleted only once
// the new deployment runs, because tasks of the old one still mount it until then.
import type { CreateAccessPointCommandInput } from '@aws-sdk/client-efs'
import { hasErrorCode } from '../../aws/errors.js'
import { EcsctlError } from '../../errors.js'
import { IMPACT, type ResourceChange } from '../../plan/index.js'
import { managedAccessPoints } from '../../render/efs.js'
import { accessPointName, placeholder } from '../../render/names.js'
import { inputOf, liveIdOf, resolved, send, sendAccepting, type StepContext } from './context.js'
import { changesBeyond, hasTagUpdate, keyValueList, tagUpdate } from './fields.js'

/** The volume whose access point the change is about, from the name ecsctl gave it. */
function volumeOf(change: ResourceChange, context: StepContext): string {
  const volume = managedAccessPoints(context.manifest).find(({ volume }) => accessPointName(context.manifest, volume) === change.name)?.volume
  if (!volume) throw new EcsctlError('bug', `${change.resource}: no volume of the manifest has this access point.`)
  return volume
}

export async function applyAccessPoint(change: ResourceChange, context: StepContext): Promise<string | undefined> {
  if (change.action === 'update' && change.impact !== IMPACT.recreateAccessPoint && !changesBeyond(change.changes, ['Tags'])) {
    await updateAccessPointTags(change, context)
    return undefined
  }
  const efs = await context.clients.efs()
  const { CreateAccessPointCommand } = await import('@aws-sdk/client-efs')
  const input = resolved(context, inputOf<CreateAccessPointCommandInput>(change), change.resource)
  const output = await send(context, 'elasticfilesystem:CreateAccessPoint', change.resource, () => efs.send(new CreateAccessPointCommand(input)).catch(existingAccessPoint))
  if (!output.AccessPointId) throw new EcsctlError('aws', `elasticfilesystem:CreateAccessPoint (${change.resource}): EFS returned no access point id.`)
  context.values.set(placeholder.accessPointId(volumeOf(change, context)), output.AccessPointId)
  if (change.action === 'update' && change.liveId) {
    context.afterRollout.push({ resource: change.resource, kind: change.kind, name: change.name, action: 'delete', changes: [], liveId: change.liveId, impact: `replaced by ${output.AccessPointId}` })
    return `created ${output.AccessPointId} to replace ${change.liveId}, which is deleted once the new deployment runs`
  }
  return `created ${output.AccessPointId}`
}

/**
 * EFS answers a client token it has seen with AccessPointAlreadyExists and the id of the access
 * point it created then (a retry whose first answer was lost, or a definition deployed before):
 * that access point is the one this definition describes.
 */
function existingAccessPoint(error: unknown): { AccessPointId?: string } {
  const accessPointId = (error as { name?: unknown; AccessPointId?: unknown }).AccessPointId
  if (hasErrorCode(error, 'AccessPointAlreadyExists') && typeof accessPointId === 'string') return { AccessPointId: accessPointId }
  throw error
}

async function updateAccessPointTags(change: ResourceChange, context: StepContext): Promise<void> {
  const efs = await context.clients.efs()
  const { TagResourceCommand, UntagResourceCommand } = await import('@aws-sdk/client-efs')
  const ResourceId = liveIdOf(change)
  const update = tagUpdate(change.changes, 'Tags')
  if (!hasTagUpdate(update)) return
  if (Object.keys(update.set).length > 0) {
    await send(context, 'elasticfilesystem:TagResource', change.resource, () => efs.send(new TagResourceCommand({ ResourceId, Tags: keyValueList(update.set) })))
  }
  if (update.remove.length > 0) {
    await send(context, 'elasticfilesystem:UntagResource', change.resource, () => efs.send(new UntagResourceCommand({ ResourceId, TagKeys: update.remove })))
  }
}

export async function deleteAccessPoint(change: ResourceChange, context: StepContext): Promise<void> {
  const efs = await context.clients.efs()
  const { DeleteAccessPointCommand } = await import('@aws-sdk/client-efs')
  const AccessPointId = liveIdOf(change)
  // Already gone is what a delete wants.
  await sendAccepting(context, 'elasticfilesystem:DeleteAccessPoint', `${change.resource} (${AccessPointId})`, ['AccessPointNotFound'], () =>
    efs.send(new DeleteAccessPointCommand({ AccessPointId })),
  )
}
