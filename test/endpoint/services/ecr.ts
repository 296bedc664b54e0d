// ECR (awsJson1_1): images by tag, enough to check that an image exists before deploying it.
import type { BatchGetImageRequest, DescribeImagesRequest, ImageDetail, ImageFailure, ImageIdentifier } from '@aws-sdk/client-ecr'
import { operation, type Operations } from '../context.js'
import { AwsError } from '../errors.js'
import { sha256 } from '../ids.js'
import { paginate } from '../pages.js'
import type { EcrImage, EcrState } from '../state.js'

const MANIFEST_MEDIA_TYPE = 'application/vnd.docker.distribution.manifest.v2+json'

export const ecrOperations: Operations = {
  DescribeImages: operation<DescribeImagesRequest>((input, { state }) => {
    const registryId = input.registryId ?? state.accountId
    const repository = findRepository(state.ecr, input.repositoryName, registryId)
    const details: ImageDetail[] = []
    if (input.imageIds?.length) {
      // Unlike BatchGetImage, one missing image fails the whole call.
      for (const id of input.imageIds) {
        const image = findImage(repository.images, id)
        if (!image) throw imageNotFound(id, input.repositoryName ?? '', registryId)
        details.push(imageDetail(image, input.repositoryName ?? '', registryId))
      }
    } else {
      const tagStatus = input.filter?.tagStatus ?? 'ANY'
      for (const image of repository.images) {
        if (tagStatus === 'TAGGED' && image.tags.length === 0) continue
        if (tagStatus === 'UNTAGGED' && image.tags.length > 0) continue
        details.push(imageDetail(image, input.repositoryName ?? '', registryId))
      }
    }
    const page = paginate(details, input.nextToken, input.maxResults, 100, () => new AwsError('InvalidParameterException', 'Invalid parameter at nextToken'))
    return { imageDetails: page.items, nextToken: page.next }
  }),

  BatchGetImage: operation<BatchGetImageRequest>((input, { state }) => {
    const registryId = input.registryId ?? state.accountId
    const repository = findRepository(state.ecr, input.repositoryName, registryId)
    const images = []
    const failures: ImageFailure[] = []
    for (const id of input.imageIds ?? []) {
      const image = findImage(repository.images, id)
      if (!image) {
        failures.push({ imageId: id, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' })
        continue
      }
      images.push({
        registryId,
        repositoryName: input.repositoryName,
        imageId: { imageDigest: image.digest, imageTag: id.imageTag },
        imageManifest: image.manifest,
        imageManifestMediaType: MANIFEST_MEDIA_TYPE,
      })
    }
    return { images, failures }
  }),
}

/** Adds `repository:tag` (seeding): the repository is created on first use, a tag moves to the new image. */
export function putImage(ecr: EcrState, repositoryName: string, tag: string, now: Date): EcrImage {
  let repository = ecr.repositories.get(repositoryName)
  if (!repository) {
    repository = { createdAt: now, images: [] }
    ecr.repositories.set(repositoryName, repository)
  }
  for (const image of repository.images) image.tags = image.tags.filter((t) => t !== tag)
  const manifest = JSON.stringify({ schemaVersion: 2, mediaType: MANIFEST_MEDIA_TYPE, config: { digest: sha256(`${repositoryName}:${tag}:config`) } })
  const image: EcrImage = { digest: sha256(manifest), tags: [tag], pushedAt: now, sizeInBytes: 48_213_504, manifest }
  repository.images.push(image)
  return image
}

/**
 * Whether an image reference names an ECR image this endpoint knows is missing: only for
 * repositories a test has seeded, so that deploying any other image simply works.
 */
export function isMissingEcrImage(ecr: EcrState, image: string): boolean {
  const match = /^\d{12}\.dkr\.ecr\.[\w-]+\.amazonaws\.com\/([^:@]+)(?::([^@]+))?(?:@(sha256:[0-9a-f]+))?$/.exec(image)
  if (!match) return false
  const [, repositoryName = '', tag = 'latest', digest] = match
  const repository = ecr.repositories.get(repositoryName)
  if (!repository) return false
  return !findImage(repository.images, digest ? { imageDigest: digest } : { imageTag: tag })
}

function findRepository(ecr: EcrState, name: string | undefined, registryId: string) {
  const repository = ecr.repositories.get(name ?? '')
  if (!repository) {
    throw new AwsError('RepositoryNotFoundException', `The repository with name '${name}' does not exist in the registry with id '${registryId}'`)
  }
  return repository
}

function findImage(images: EcrImage[], id: ImageIdentifier): EcrImage | undefined {
  return images.find((image) => (id.imageDigest ? image.digest === id.imageDigest : true) && (id.imageTag ? image.tags.includes(id.imageTag) : true))
}

function imageDetail(image: EcrImage, repositoryName: string, registryId: string): ImageDetail {
  return {
    registryId,
    repositoryName,
    imageDigest: image.digest,
    imageTags: image.tags.length ? [...image.tags] : undefined,
    imageSizeInBytes: image.sizeInBytes,
    imagePushedAt: image.pushedAt,
    imageManifestMediaType: MANIFEST_MEDIA_TYPE,
    artifactMediaType: 'application/vnd.docker.container.image.v1+json',
  }
}

function imageNotFound(id: ImageIdentifier, repositoryName: string, registryId: string): AwsError {
  return new AwsError(
    'ImageNotFoundException',
    `The image with imageId {imageDigest:'${id.imageDigest ?? 'null'}', imageTag:'${id.imageTag ?? 'null'}'} does not exist within the repository with name '${repositoryName}' in the registry with id '${registryId}'`,
  )
}
