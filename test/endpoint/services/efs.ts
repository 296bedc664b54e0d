// EFS (restJson1): file systems (seeded: ecsctl never creates them), the access points ecsctl
// creates on them, and tags. Access points come back from DescribeAccessPoints with their tags.
import type {
  AccessPointDescription,
  CreateAccessPointRequest,
  DeleteAccessPointRequest,
  DescribeAccessPointsRequest,
  DescribeFileSystemsRequest,
  FileSystemDescription,
  ListTagsForResourceRequest,
  Tag,
  TagResourceRequest,
  UntagResourceRequest,
} from '@aws-sdk/client-efs'
import { arn } from '../arns.js'
import { operation, type Operations } from '../context.js'
import { AwsError, check } from '../errors.js'
import { hex } from '../ids.js'
import { paginate } from '../pages.js'
import type { EfsState } from '../state.js'
import { pascalKey, removeTags, upsertTags } from '../tags.js'

const invalidToken = () => new AwsError('BadRequest', 'Invalid pagination token.')

export const efsOperations: Operations = {
  DescribeFileSystems: operation<DescribeFileSystemsRequest>((input, { state }) => {
    let fileSystems = [...state.efs.fileSystems.values()]
    if (input.FileSystemId) fileSystems = [findFileSystem(state.efs, input.FileSystemId)]
    if (input.CreationToken) fileSystems = fileSystems.filter((fs) => fs.CreationToken === input.CreationToken)
    const page = paginate(fileSystems, input.Marker, Number(input.MaxItems ?? 0) || undefined, 100, invalidToken)
    return { Marker: input.Marker, FileSystems: page.items, NextMarker: page.next }
  }),

  CreateAccessPoint: operation<CreateAccessPointRequest>((input, { state, region }) => {
    const fileSystem = findFileSystem(state.efs, input.FileSystemId)
    check(input.ClientToken, 'BadRequest', 'ClientToken is required.')
    const same = [...state.efs.accessPoints.values()].find((ap) => ap.ClientToken === input.ClientToken)
    if (same) {
      // A retry with the same token returns the first answer; another request with it is refused.
      if (same.FileSystemId === input.FileSystemId && same.RootDirectory?.Path === (input.RootDirectory?.Path ?? '/')) return same
      throw new AwsError('AccessPointAlreadyExists', `Access point with client token '${input.ClientToken}' already exists.`, 409)
    }
    const id = `fsap-${hex(17)}`
    const accessPoint: AccessPointDescription = {
      ClientToken: input.ClientToken,
      Name: input.Tags?.find((tag) => tag.Key === 'Name')?.Value,
      Tags: [...(input.Tags ?? [])],
      AccessPointId: id,
      AccessPointArn: arn('elasticfilesystem', region, state.accountId, `access-point/${id}`),
      FileSystemId: fileSystem.FileSystemId,
      PosixUser: input.PosixUser,
      RootDirectory: input.RootDirectory ?? { Path: '/' },
      OwnerId: state.accountId,
      LifeCycleState: 'available',
    }
    state.efs.accessPoints.set(id, accessPoint)
    // The answer to the create says "creating"; by the next describe it is available.
    return { ...accessPoint, LifeCycleState: 'creating' }
  }),

  DescribeAccessPoints: operation<DescribeAccessPointsRequest>((input, { state }) => {
    check(!(input.AccessPointId && input.FileSystemId), 'BadRequest', 'Specify either AccessPointId or FileSystemId, not both.')
    let accessPoints = [...state.efs.accessPoints.values()]
    if (input.AccessPointId) accessPoints = [findAccessPoint(state.efs, input.AccessPointId)]
    if (input.FileSystemId) {
      findFileSystem(state.efs, input.FileSystemId)
      accessPoints = accessPoints.filter((ap) => ap.FileSystemId === input.FileSystemId)
    }
    const page = paginate(accessPoints, input.NextToken, Number(input.MaxResults ?? 0) || undefined, 100, invalidToken)
    return { AccessPoints: page.items, NextToken: page.next }
  }),

  DeleteAccessPoint: operation<DeleteAccessPointRequest>((input, { state }) => {
    findAccessPoint(state.efs, input.AccessPointId)
    state.efs.accessPoints.delete(input.AccessPointId ?? '')
  }),

  ListTagsForResource: operation<ListTagsForResourceRequest>((input, { state }) => ({ Tags: [...taggable(state.efs, input.ResourceId).Tags] })),

  TagResource: operation<TagResourceRequest>((input, { state }) => {
    const resource = taggable(state.efs, input.ResourceId)
    resource.Tags = upsertTags<Tag>(resource.Tags, input.Tags, pascalKey)
    if ('Name' in resource) resource.Name = resource.Tags.find((tag) => tag.Key === 'Name')?.Value
  }),

  UntagResource: operation<UntagResourceRequest>((input, { state }) => {
    const resource = taggable(state.efs, input.ResourceId)
    resource.Tags = removeTags<Tag>(resource.Tags, input.TagKeys, pascalKey)
    if ('Name' in resource) resource.Name = resource.Tags.find((tag) => tag.Key === 'Name')?.Value
  }),
}

/** A file system as DescribeFileSystems shows one (for seeding). */
export function fileSystemDescription(id: string, name: string | undefined, region: string, account: string, now: Date): FileSystemDescription {
  return {
    OwnerId: account,
    CreationToken: `console-${hex(8)}-${hex(4)}`,
    FileSystemId: id,
    FileSystemArn: arn('elasticfilesystem', region, account, `file-system/${id}`),
    CreationTime: now,
    LifeCycleState: 'available',
    Name: name,
    NumberOfMountTargets: 2,
    SizeInBytes: { Value: 6144, Timestamp: now, ValueInIA: 0, ValueInStandard: 6144, ValueInArchive: 0 },
    PerformanceMode: 'generalPurpose',
    Encrypted: true,
    KmsKeyId: arn('kms', region, account, `key/${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`),
    ThroughputMode: 'elastic',
    Tags: name === undefined ? [] : [{ Key: 'Name', Value: name }],
    FileSystemProtection: { ReplicationOverwriteProtection: 'ENABLED' },
  }
}

function findFileSystem(efs: EfsState, id: string | undefined): FileSystemDescription {
  // Both the id and the ARN name a file system.
  const fileSystem = efs.fileSystems.get(id ?? '') ?? [...efs.fileSystems.values()].find((fs) => fs.FileSystemArn === id)
  if (!fileSystem) throw new AwsError('FileSystemNotFound', `File system '${id}' does not exist.`, 404)
  return fileSystem
}

function findAccessPoint(efs: EfsState, id: string | undefined): AccessPointDescription {
  const accessPoint = efs.accessPoints.get(id ?? '') ?? [...efs.accessPoints.values()].find((ap) => ap.AccessPointArn === id)
  if (!accessPoint) throw new AwsError('AccessPointNotFound', `Access point '${id}' does not exist.`, 404)
  return accessPoint
}

/** The file system or access point a tagging call names, with a tag list to change. */
function taggable(efs: EfsState, id: string | undefined): { Tags: Tag[]; Name?: string } {
  const resource = (id ?? '').includes('fsap-') ? findAccessPoint(efs, id) : findFileSystem(efs, id)
  resource.Tags ??= []
  return resource as { Tags: Tag[]; Name?: string }
}
