// EFS: file systems the manifest names by their Name tag, and the access points ecsctl created
// on each file system (tagged with the owner tag; DescribeAccessPoints returns tags inline).
import type { AccessPointDescription, FileSystemDescription } from '@aws-sdk/client-efs'
import { EcsctlError } from '../../errors.js'
import { callAws, callAwsOrAbsent } from '../call.js'
import type { AwsClients } from '../clients.js'
import { hasErrorCode } from '../errors.js'
import { allPages } from '../pages.js'

/**
 * File systems by Name tag, for the names asked. EFS cannot filter by name, so this lists the
 * file systems of the account once (all pages) for all names. Two file systems with one name are
 * an error: ecsctl cannot tell which one the manifest means.
 */
export async function readFileSystemsByName(clients: AwsClients, names: readonly string[]): Promise<Record<string, FileSystemDescription>> {
  if (names.length === 0) return {}
  const efs = await clients.efs()
  const { DescribeFileSystemsCommand } = await import('@aws-sdk/client-efs')
  const pages = await callAws(`elasticfilesystem:DescribeFileSystems (file systems named ${names.map((n) => `"${n}"`).join(', ')})`, () =>
    allPages(
      (marker) => efs.send(new DescribeFileSystemsCommand({ Marker: marker })),
      (page) => page.NextMarker,
    ),
  )
  const all = pages.flatMap((page) => page.FileSystems ?? [])
  const found: Record<string, FileSystemDescription> = {}
  for (const name of new Set(names)) {
    const matches = all.filter((fileSystem) => fileSystem.Name === name)
    if (matches.length > 1) throw ambiguousFileSystemName(name, matches)
    if (matches[0]) found[name] = matches[0]
  }
  return found
}

function ambiguousFileSystemName(name: string, matches: FileSystemDescription[]): EcsctlError {
  const ids = matches.map((fileSystem) => fileSystem.FileSystemId ?? '?').join(', ')
  return new EcsctlError('invalid', `${matches.length} EFS file systems are named "${name}" (${ids}); ecsctl cannot tell which one the manifest means.`, {
    hint: `Write \`fileSystemId: ${matches[0]?.FileSystemId ?? 'fs-...'}\` instead of \`fileSystem: ${name}\`.`,
  })
}

/**
 * The access points on `fileSystemId` tagged `<ownerTag>=<owner>` (all pages), or undefined when
 * the file system does not exist.
 */
export async function readOwnedAccessPoints(
  clients: AwsClients,
  fileSystemId: string,
  ownerTag: string,
  owner: string,
): Promise<AccessPointDescription[] | undefined> {
  const efs = await clients.efs()
  const { DescribeAccessPointsCommand } = await import('@aws-sdk/client-efs')
  const pages = await callAwsOrAbsent(
    `elasticfilesystem:DescribeAccessPoints (file system ${fileSystemId})`,
    () =>
      allPages(
        (token) => efs.send(new DescribeAccessPointsCommand({ FileSystemId: fileSystemId, NextToken: token })),
        (page) => page.NextToken,
      ),
    (error) => hasErrorCode(error, 'FileSystemNotFound'),
  )
  if (!pages) return undefined
  return pages.flatMap((page) => page.AccessPoints ?? []).filter((accessPoint) => accessPoint.Tags?.some((tag) => tag.Key === ownerTag && tag.Value === owner))
}
