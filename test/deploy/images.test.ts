// The ECR pre-flight check: what is asked (one request per repository, in parallel), and how a
// missing tag or repository is reported before anything is written.
import { DescribeImagesCommand, type ECRClient } from '@aws-sdk/client-ecr'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createClients, type AwsClients } from '../../src/lib/aws/clients.js'
import { checkImagesExist, parseEcrImage } from '../../src/lib/deploy/images.js'
import { ACCOUNT, aws, awsError, expectNoUnexpectedCalls, failure, resetAwsMocks, sentCommands } from './support.js'

const REGISTRY = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com`
const DIGEST = `sha256:${'ab'.repeat(32)}`

let clients: AwsClients

beforeEach(() => {
  resetAwsMocks()
  clients = createClients({ region: 'us-east-1' })
})

afterEach(() => expectNoUnexpectedCalls())

describe('parseEcrImage', () => {
  it.each([
    [`${REGISTRY}/web:v2`, { registryId: ACCOUNT, region: 'us-east-1', repository: 'web', tag: 'v2' }],
    [`${REGISTRY}/team/web`, { registryId: ACCOUNT, region: 'us-east-1', repository: 'team/web', tag: 'latest' }],
    [`${REGISTRY}/web@${DIGEST}`, { registryId: ACCOUNT, region: 'us-east-1', repository: 'web', digest: DIGEST }],
    [`${REGISTRY}/web:v2@${DIGEST}`, { registryId: ACCOUNT, region: 'us-east-1', repository: 'web', digest: DIGEST }],
    [`${ACCOUNT}.dkr.ecr-fips.us-gov-west-1.amazonaws.com/web:1`, { registryId: ACCOUNT, region: 'us-gov-west-1', repository: 'web', tag: '1' }],
    [`${ACCOUNT}.dkr.ecr.cn-north-1.amazonaws.com.cn/web:1`, { registryId: ACCOUNT, region: 'cn-north-1', repository: 'web', tag: '1' }],
  ])('reads %s', (image, parts) => {
    expect(parseEcrImage(image)).toEqual(parts)
  })

  it.each(['nginx:1.27', 'public.ecr.aws/nginx/nginx:1.27', 'ghcr.io/acme/web:1', 'localhost:5000/web:1'])('leaves %s alone (not private ECR)', (image) => {
    expect(parseEcrImage(image)).toBeUndefined()
  })
})

describe('checkImagesExist', () => {
  it('asks each repository once for all its tags and passes when they exist', async () => {
    aws.ecr
      .on(DescribeImagesCommand, { registryId: ACCOUNT, repositoryName: 'web', imageIds: [{ imageTag: 'v2' }, { imageTag: 'v2-migrate' }] })
      .resolves({ imageDetails: [{ imageDigest: DIGEST, imageTags: ['v2', 'latest'] }, { imageDigest: 'sha256:other', imageTags: ['v2-migrate'] }] })
    const images = [
      { container: 'app', image: `${REGISTRY}/web:v2` },
      { container: 'worker', image: `${REGISTRY}/web:v2` },
      { container: 'migrate', image: `${REGISTRY}/web:v2-migrate` },
    ]
    const result = await checkImagesExist(clients, images)
    expect(result).toEqual({ checked: images, notes: [] })
    expect(aws.ecr.commandCalls(DescribeImagesCommand)).toHaveLength(1)
  })

  it('checks a digest reference by its digest', async () => {
    aws.ecr.on(DescribeImagesCommand, { repositoryName: 'web', imageIds: [{ imageDigest: DIGEST }] }).resolves({ imageDetails: [{ imageDigest: DIGEST }] })
    const result = await checkImagesExist(clients, [{ container: 'app', image: `${REGISTRY}/web@${DIGEST}` }])
    expect(result.checked).toHaveLength(1)
  })

  it('names the container, the image and the missing tag, with what to do (exit 4)', async () => {
    aws.ecr
      .on(DescribeImagesCommand, { repositoryName: 'web', imageIds: [{ imageTag: 'v2' }, { imageTag: 'v3' }] })
      .rejects(awsError('ImageNotFoundException', "The image with imageId {imageDigest:'null', imageTag:'v3'} does not exist"))
    aws.ecr.on(DescribeImagesCommand, { repositoryName: 'web', imageIds: [{ imageTag: 'v2' }] }).resolves({ imageDetails: [{ imageDigest: DIGEST, imageTags: ['v2'] }] })
    aws.ecr
      .on(DescribeImagesCommand, { repositoryName: 'web', imageIds: [{ imageTag: 'v3' }] })
      .rejects(awsError('ImageNotFoundException', "The image with imageId {imageDigest:'null', imageTag:'v3'} does not exist"))

    const error = await failure(
      checkImagesExist(clients, [
        { container: 'app', image: `${REGISTRY}/web:v2` },
        { container: 'worker', image: `${REGISTRY}/web:v3` },
      ]),
    )
    expect(error.kind).toBe('aws')
    expect(error.exitCode).toBe(4)
    expect(error.message).toBe(
      `An image does not exist in ECR, so tasks could not pull it; nothing was changed:\n  worker: ${REGISTRY}/web:v3: tag "v3" is not in repository "web" (account ${ACCOUNT}, us-east-1)`,
    )
    expect(error.hint).toContain('Push the image first')
    expect(error.hint).toContain('--image CONTAINER=IMAGE')
    expect(error.details).toEqual({
      missingImages: [{ container: 'worker', image: `${REGISTRY}/web:v3`, reason: `tag "v3" is not in repository "web" (account ${ACCOUNT}, us-east-1)` }],
    })
  })

  it('reports a tag missing from an answer that did not fail', async () => {
    aws.ecr.on(DescribeImagesCommand).resolves({ imageDetails: [] })
    const error = await failure(checkImagesExist(clients, [{ container: 'app', image: `${REGISTRY}/web:v9` }]))
    expect(error.message).toContain('tag "v9" is not in repository "web"')
  })

  it('reports a missing repository for every image in it', async () => {
    aws.ecr.on(DescribeImagesCommand, { repositoryName: 'jobs' }).rejects(awsError('RepositoryNotFoundException', "The repository with name 'jobs' does not exist"))
    const error = await failure(
      checkImagesExist(clients, [
        { container: 'a', image: `${REGISTRY}/jobs:1` },
        { container: 'b', image: `${REGISTRY}/jobs:2` },
      ]),
    )
    expect(error.exitCode).toBe(4)
    expect(error.message).toContain('2 images do not exist in ECR')
    expect(error.message).toContain(`  a: ${REGISTRY}/jobs:1: repository "jobs" (account ${ACCOUNT}, us-east-1) does not exist`)
    expect(error.message).toContain(`  b: ${REGISTRY}/jobs:2: repository "jobs" (account ${ACCOUNT}, us-east-1) does not exist`)
  })

  it('skips images from other registries and says so, without asking AWS', async () => {
    const result = await checkImagesExist(clients, [
      { container: 'app', image: 'nginx:1.27' },
      { container: 'proxy', image: 'public.ecr.aws/envoy/envoy:v1' },
    ])
    expect(result).toEqual({ checked: [], notes: ['Not checked (not in a private ECR registry): app (nginx:1.27), proxy (public.ecr.aws/envoy/envoy:v1).'] })
    expect(sentCommands()).toEqual([])
  })

  it('asks several repositories at the same time', async () => {
    let inFlight = 0
    let mostInFlight = 0
    aws.ecr.on(DescribeImagesCommand).callsFake(async (input: { repositoryName: string; imageIds: { imageTag: string }[] }) => {
      inFlight += 1
      mostInFlight = Math.max(mostInFlight, inFlight)
      // Give the other requests a chance to start before this one answers (event-loop turns, no timer).
      for (let turn = 0; turn < 20; turn += 1) await new Promise((resolve) => setImmediate(resolve))
      inFlight -= 1
      return { imageDetails: [{ imageDigest: `sha256:${input.repositoryName}`, imageTags: input.imageIds.map((id) => id.imageTag) }] }
    })
    const result = await checkImagesExist(clients, [
      { container: 'web', image: `${REGISTRY}/web:1` },
      { container: 'jobs', image: `${REGISTRY}/jobs:1` },
      { container: 'cron', image: `${REGISTRY}/cron:1` },
    ])
    expect(result.checked.map((i) => i.container).sort()).toEqual(['cron', 'jobs', 'web'])
    expect(mostInFlight).toBe(3)
    expect(aws.ecr.commandCalls(DescribeImagesCommand).map((call) => call.args[0].input.repositoryName).sort()).toEqual(['cron', 'jobs', 'web'])
  })

  it('asks an ECR in another region through a client for that region', async () => {
    aws.ecr.on(DescribeImagesCommand, { registryId: '999999999999', repositoryName: 'shared' }).resolves({ imageDetails: [{ imageDigest: DIGEST, imageTags: ['1'] }] })
    const asked: string[] = []
    const clientsFor = (region: string) => {
      asked.push(region)
      return createClients({ region })
    }
    const result = await checkImagesExist(clients, [{ container: 'app', image: '999999999999.dkr.ecr.eu-west-1.amazonaws.com/shared:1' }], { clientsFor })
    expect(result.checked).toHaveLength(1)
    expect(asked).toEqual(['eu-west-1'])
    const client = aws.ecr.commandCalls(DescribeImagesCommand)[0]?.thisValue as ECRClient
    expect(await client.config.region()).toBe('eu-west-1')
  })

  it('without clients for another region, notes the image as not checked', async () => {
    const result = await checkImagesExist(clients, [{ container: 'app', image: '999999999999.dkr.ecr.eu-west-1.amazonaws.com/shared:1' }])
    expect(result.notes).toEqual(['Not checked (ECR in eu-west-1, ecsctl works in us-east-1): app.'])
    expect(sentCommands()).toEqual([])
  })

  it('notes, rather than fails, when the deployer may not describe images', async () => {
    aws.ecr.on(DescribeImagesCommand).rejects(awsError('AccessDeniedException', 'User is not authorized to perform: ecr:DescribeImages'))
    const result = await checkImagesExist(clients, [{ container: 'app', image: `${REGISTRY}/web:1` }])
    expect(result.checked).toEqual([])
    expect(result.notes).toEqual([`Not checked (no permission for ecr:DescribeImages on repository "web" (account ${ACCOUNT}, us-east-1)): app.`])
  })

  it('fails with the AWS error for anything else', async () => {
    aws.ecr.on(DescribeImagesCommand).rejects(awsError('ServerException', 'Internal error', { $fault: 'server', $metadata: { httpStatusCode: 500 } }))
    const error = await failure(checkImagesExist(clients, [{ container: 'app', image: `${REGISTRY}/web:1` }]))
    expect(error.kind).toBe('aws')
    expect(error.message).toContain('ecr:DescribeImages (repository "web"')
  })
})
