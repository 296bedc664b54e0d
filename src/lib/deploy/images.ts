// Before any write: do the images the task definition will pull exist? A missing tag otherwise
// shows up minutes later as tasks stopping with CannotPullContainerError, after the service was
// already updated. Only private ECR registries can be asked; other registries are skipped and
// the result says so.
import type { ImageIdentifier } from '@aws-sdk/client-ecr'
import pLimit from 'p-limit'
import type { AwsClients } from '../aws/clients.js'
import { errorCode, toEcsctlError } from '../aws/errors.js'
import { EcsctlError } from '../errors.js'

export interface ImageToCheck {
  container: string
  image: string
}

/** An image in a private ECR repository: `ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPO[:TAG][@sha256:DIGEST]`. */
export interface EcrImage {
  registryId: string
  region: string
  repository: string
  /** Set when the reference has no digest; `latest` when it has neither. */
  tag?: string
  digest?: string
}

export interface ImageCheckResult {
  /** The images found in ECR. */
  checked: ImageToCheck[]
  /** Lines the caller can print: what was not checked, and why. */
  notes: string[]
}

export interface ImageCheckOptions {
  /** Clients for an ECR registry in another region; without it such images are not checked. */
  clientsFor?: (region: string) => AwsClients
  /** Repositories asked at the same time. */
  concurrency?: number
}

const ECR_IMAGE = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)(?::([\w][\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$/

/** The parts of a private ECR image reference, or undefined for any other registry. */
export function parseEcrImage(image: string): EcrImage | undefined {
  const match = ECR_IMAGE.exec(image)
  if (!match) return undefined
  const [, registryId = '', region = '', repository = '', tag, digest] = match
  // With a digest, the digest is what gets pulled (a tag next to it is ignored by the runtime).
  if (digest) return { registryId, region, repository, digest }
  return { registryId, region, repository, tag: tag ?? 'latest' }
}

interface Missing {
  image: ImageToCheck
  why: string
}

interface RepositoryGroup {
  region: string
  registryId: string
  repository: string
  images: { image: ImageToCheck; ref: EcrImage }[]
}

/**
 * Checks that every ECR image exists, asking each repository once for all its tags (in parallel
 * across repositories). Throws one EcsctlError('aws') naming every missing image.
 *
 * Why exit 4 and not 2: 2 promises that nothing was sent to AWS and the manifest itself is wrong;
 * here AWS was asked and answered that a resource is missing, which is what 4 means, and the
 * usual fix is pushing the image, not editing the manifest.
 */
export async function checkImagesExist(clients: AwsClients, images: readonly ImageToCheck[], options: ImageCheckOptions = {}): Promise<ImageCheckResult> {
  const notes: string[] = []
  const others = images.filter((image) => !parseEcrImage(image.image))
  if (others.length > 0) {
    notes.push(`Not checked (not in a private ECR registry): ${others.map((i) => `${i.container} (${i.image})`).join(', ')}.`)
  }
  const groups = groupByRepository(images)
  if (groups.length === 0) return { checked: [], notes }

  const homeRegion = await clients.region()
  const limit = pLimit(options.concurrency ?? 4)
  const results = await Promise.all(
    groups.map((group) =>
      limit(async () => {
        const groupClients = group.region === homeRegion ? clients : options.clientsFor?.(group.region)
        if (!groupClients) {
          notes.push(`Not checked (ECR in ${group.region}, ecsctl works in ${homeRegion}): ${group.images.map((i) => i.image.container).join(', ')}.`)
          return { checked: [], missing: [] }
        }
        return checkRepository(groupClients, group, notes)
      }),
    ),
  )
  const missing = results.flatMap((r) => r.missing)
  if (missing.length > 0) throw missingImagesError(missing)
  return { checked: results.flatMap((r) => r.checked), notes }
}

function groupByRepository(images: readonly ImageToCheck[]): RepositoryGroup[] {
  const groups = new Map<string, RepositoryGroup>()
  for (const image of images) {
    const ref = parseEcrImage(image.image)
    if (!ref) continue
    const key = `${ref.region}/${ref.registryId}/${ref.repository}`
    let group = groups.get(key)
    if (!group) {
      group = { region: ref.region, registryId: ref.registryId, repository: ref.repository, images: [] }
      groups.set(key, group)
    }
    group.images.push({ image, ref })
  }
  return [...groups.values()]
}

const identifierOf = (ref: EcrImage): ImageIdentifier => (ref.digest ? { imageDigest: ref.digest } : { imageTag: ref.tag })
const identifierKey = (id: ImageIdentifier): string => id.imageDigest ?? `tag:${id.imageTag}`

async function checkRepository(clients: AwsClients, group: RepositoryGroup, notes: string[]): Promise<{ checked: ImageToCheck[]; missing: Missing[] }> {
  const where = `repository "${group.repository}" (account ${group.registryId}, ${group.region})`
  const ids = uniqueIdentifiers(group)
  let found: Set<string>
  try {
    found = await existingIdentifiers(clients, group, ids)
  } catch (error) {
    const code = errorCode(error)
    if (code === 'RepositoryNotFoundException') {
      return { checked: [], missing: group.images.map(({ image }) => ({ image, why: `${where} does not exist` })) }
    }
    // A deployer may lack ecr:DescribeImages while the task's execution role can pull: the check
    // is a safety net, not a gate, so say it was skipped rather than refuse to deploy.
    if (code.startsWith('AccessDenied')) {
      notes.push(`Not checked (no permission for ecr:DescribeImages on ${where}): ${group.images.map((i) => i.image.container).join(', ')}.`)
      return { checked: [], missing: [] }
    }
    throw toEcsctlError(error, `ecr:DescribeImages (${where})`)
  }
  const checked: ImageToCheck[] = []
  const missing: Missing[] = []
  for (const { image, ref } of group.images) {
    if (found.has(identifierKey(identifierOf(ref)))) checked.push(image)
    else missing.push({ image, why: ref.digest ? `digest ${ref.digest} is not in ${where}` : `tag "${ref.tag}" is not in ${where}` })
  }
  return { checked, missing }
}

function uniqueIdentifiers(group: RepositoryGroup): ImageIdentifier[] {
  const byKey = new Map(group.images.map(({ ref }) => [identifierKey(identifierOf(ref)), identifierOf(ref)]))
  return [...byKey.values()]
}

/**
 * Which of `ids` exist. DescribeImages fails the whole request with ImageNotFoundException when
 * any one of them is missing, so a failed batch is asked again one id at a time to learn which.
 */
async function existingIdentifiers(clients: AwsClients, group: RepositoryGroup, ids: ImageIdentifier[]): Promise<Set<string>> {
  const ecr = await clients.ecr()
  const { DescribeImagesCommand } = await import('@aws-sdk/client-ecr')
  const describe = async (batch: ImageIdentifier[]): Promise<Set<string>> => {
    try {
      const output = await ecr.send(
        new DescribeImagesCommand({ registryId: group.registryId, repositoryName: group.repository, imageIds: batch }),
      )
      const keys = new Set<string>()
      for (const detail of output.imageDetails ?? []) {
        if (detail.imageDigest) keys.add(detail.imageDigest)
        for (const tag of detail.imageTags ?? []) keys.add(`tag:${tag}`)
      }
      return keys
    } catch (error) {
      if (errorCode(error) !== 'ImageNotFoundException') throw error
      if (batch.length === 1) return new Set()
      const singles = await Promise.all(batch.map((id) => describe([id])))
      return new Set(singles.flatMap((keys) => [...keys]))
    }
  }
  // DescribeImages takes at most 100 image ids per request.
  const batches: ImageIdentifier[][] = []
  for (let start = 0; start < ids.length; start += 100) batches.push(ids.slice(start, start + 100))
  const answers = await Promise.all(batches.map(describe))
  return new Set(answers.flatMap((keys) => [...keys]))
}

function missingImagesError(missing: Missing[]): EcsctlError {
  const lines = missing.map(({ image, why }) => `  ${image.container}: ${image.image}: ${why}`)
  const count = missing.length === 1 ? 'An image does not exist' : `${missing.length} images do not exist`
  return new EcsctlError('aws', `${count} in ECR, so tasks could not pull ${missing.length === 1 ? 'it' : 'them'}; nothing was changed:\n${lines.join('\n')}`, {
    hint: 'Push the image first (docker push IMAGE, after the build step of your pipeline), or fix the tag: in the manifest, or with --image CONTAINER=IMAGE.',
    details: { missingImages: missing.map(({ image, why }) => ({ container: image.container, image: image.image, reason: why })) },
  })
}
