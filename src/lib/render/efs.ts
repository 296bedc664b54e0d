// EFS access points that ecsctl creates for volumes declaring `accessPoint: { path, ... }`, and the
// task definition's view of EFS volumes.
import { createHash } from 'node:crypto'
import type { CreateAccessPointCommandInput } from '@aws-sdk/client-efs'
import type { EFSVolumeConfiguration } from '@aws-sdk/client-ecs'
import type { Manifest, Volume } from '../manifest/schema.js'
import { enabledDisabled, keyValueTags, withoutUndefined } from './common.js'
import { accessPointName, fitName, placeholder } from './names.js'

type EfsVolume = NonNullable<Volume['efs']>
type AccessPointSpec = Exclude<NonNullable<EfsVolume['accessPoint']>, string>

/** The file system id, or a placeholder when the manifest names the file system by its Name tag. */
export function fileSystemIdOf(efs: EfsVolume): string {
  return efs.fileSystemId ?? placeholder.fileSystemId(efs.fileSystem ?? '')
}

/** The access point id for the task definition: as written, or a placeholder for one ecsctl creates. */
export function accessPointIdOf(volumeName: string, efs: EfsVolume): string | undefined {
  if (efs.accessPoint === undefined) return undefined
  return typeof efs.accessPoint === 'string' ? efs.accessPoint : placeholder.accessPointId(volumeName)
}

/** Volumes whose access point ecsctl creates, in manifest order. */
export function managedAccessPoints(m: Pick<Manifest, 'volumes'>): { volume: string; efs: EfsVolume; spec: AccessPointSpec }[] {
  return Object.entries(m.volumes ?? {}).flatMap(([volume, { efs }]) =>
    efs?.accessPoint !== undefined && typeof efs.accessPoint !== 'string' ? [{ volume, efs, spec: efs.accessPoint }] : [],
  )
}

/**
 * The idempotency token: the same for the same access point on every run (so a retried deploy
 * does not create a second one), different when its definition changes (so a replacement is a
 * new access point rather than a conflict with the old token). At most 64 characters.
 */
export function accessPointClientToken(name: string, fileSystemId: string, spec: AccessPointSpec): string {
  const digest = createHash('sha256').update(JSON.stringify([fileSystemId, spec])).digest('hex').slice(0, 12)
  return fitName(`${name}-${digest}`, 64)
}

/**
 * The directory is created on first use, owned by `owner`, else by the POSIX user, with
 * `permissions` (default 0755). With neither owner nor user, EFS creates nothing and the path
 * must already exist.
 */
function creationInfo(spec: AccessPointSpec) {
  const owner = spec.owner ?? spec.posixUser
  if (!owner) return undefined
  return { OwnerUid: owner.uid, OwnerGid: owner.gid, Permissions: spec.permissions ?? '0755' }
}

export function renderAccessPoints(m: Pick<Manifest, 'name' | 'cluster' | 'tags' | 'volumes'>): CreateAccessPointCommandInput[] {
  return managedAccessPoints(m).map(({ volume, efs, spec }) => {
    const name = accessPointName(m, volume)
    const fileSystemId = fileSystemIdOf(efs)
    return withoutUndefined({
      ClientToken: accessPointClientToken(name, fileSystemId, spec),
      FileSystemId: fileSystemId,
      PosixUser: spec.posixUser ? { Uid: spec.posixUser.uid, Gid: spec.posixUser.gid, SecondaryGids: spec.posixUser.secondaryGids } : undefined,
      RootDirectory: { Path: spec.path, CreationInfo: creationInfo(spec) },
      Tags: keyValueTags(m, { Name: name }),
    })
  })
}

/** The task definition's `efsVolumeConfiguration` for one volume. */
export function renderEfsVolumeConfiguration(volumeName: string, efs: EfsVolume): EFSVolumeConfiguration {
  const accessPointId = accessPointIdOf(volumeName, efs)
  const authorize = accessPointId !== undefined || efs.iam !== undefined
  return withoutUndefined({
    fileSystemId: fileSystemIdOf(efs),
    // With an access point, the access point's path is the root; ECS refuses another one.
    rootDirectory: accessPointId === undefined ? efs.rootDirectory : undefined,
    transitEncryption: enabledDisabled(efs.transitEncryption ?? false),
    transitEncryptionPort: efs.transitEncryptionPort,
    authorizationConfig: authorize ? { accessPointId, iam: enabledDisabled(efs.iam ?? false) } : undefined,
  })
}
