// EFS access points ecsctl creates. An access point cannot be changed once created (EFS has no
// update call but for tags), so any other difference means a new access point.
import type { AccessPointDescription, CreateAccessPointCommandInput } from '@aws-sdk/client-efs'
import { pairs, type ListKeys } from '../diff.js'
import { compact, sortedBy, userTags } from './common.js'

export function accessPointFromLive(accessPoint: AccessPointDescription): CreateAccessPointCommandInput {
  return compact({
    ClientToken: accessPoint.ClientToken ?? '',
    FileSystemId: accessPoint.FileSystemId ?? '',
    PosixUser: accessPoint.PosixUser,
    RootDirectory: accessPoint.RootDirectory,
    Tags: accessPoint.Tags,
  })
}

/**
 * Without the client token: render derives it from the other fields, so it would only repeat
 * each of their changes. The root directory is `/` when none is given (CreateAccessPoint).
 */
export function canonicalAccessPoint(input: CreateAccessPointCommandInput): CreateAccessPointCommandInput {
  const posixUser = input.PosixUser
  return compact({
    FileSystemId: input.FileSystemId,
    PosixUser: posixUser && { ...posixUser, SecondaryGids: sortedBy(posixUser.SecondaryGids, (gid) => String(gid).padStart(12, '0')) },
    RootDirectory: { ...input.RootDirectory, Path: input.RootDirectory?.Path ?? '/' },
    Tags: userTags(input.Tags, 'Key', 'Value'),
  })
}

/** The Name tag ecsctl gives the access points it creates (AccessPointDescription.Name echoes it). */
export function accessPointNameOf(accessPoint: AccessPointDescription): string | undefined {
  return accessPoint.Name ?? accessPoint.Tags?.find((tag) => tag.Key === 'Name')?.Value
}

export const accessPointListKeys: ListKeys = { Tags: pairs('Key', 'Value') }
