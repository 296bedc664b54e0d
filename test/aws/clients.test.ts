import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling'
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { ECRClient } from '@aws-sdk/client-ecr'
import { ECSClient } from '@aws-sdk/client-ecs'
import { EFSClient } from '@aws-sdk/client-efs'
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import { EventBridgeClient } from '@aws-sdk/client-eventbridge'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { baseClientConfig, createClients, type AwsClients } from '../../src/lib/aws/clients.js'
import { EcsctlError } from '../../src/lib/errors.js'

// The SDK reads the environment and ~/.aws itself: point it at an empty, private directory.
let home: string
let created: AwsClients[] = []

function clients(options: Parameters<typeof createClients>[0] = {}): AwsClients {
  const made = createClients(options)
  created.push(made)
  return made
}

/** A shared config file with these profiles, at a path no other test uses (the SDK caches files by path). */
function configFile(contents: string): string {
  const path = join(home, `config-${Math.random().toString(36).slice(2)}`)
  writeFileSync(path, contents)
  vi.stubEnv('AWS_CONFIG_FILE', path)
  return path
}

/** A client config value, whether the SDK keeps it as a value or a provider. */
async function valueOf(setting: unknown): Promise<unknown> {
  return typeof setting === 'function' ? (setting as () => Promise<unknown>)() : setting
}

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'ecsctl-aws-'))
  for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_ECS', 'AWS_MAX_ATTEMPTS', 'AWS_RETRY_MODE']) {
    vi.stubEnv(name, undefined)
  }
  vi.stubEnv('AWS_CONFIG_FILE', join(home, 'no-config'))
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(home, 'no-credentials'))
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true')
})

afterEach(() => {
  for (const made of created) made.destroy()
  created = []
  vi.unstubAllEnvs()
  rmSync(home, { recursive: true, force: true })
})

describe('baseClientConfig', () => {
  it('takes the region from the option first, then AWS_REGION, then AWS_DEFAULT_REGION', () => {
    const env = { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-central-1' }
    expect(baseClientConfig({ region: 'us-west-2' }, env).region).toBe('us-west-2')
    expect(baseClientConfig({}, env).region).toBe('eu-west-1')
    expect(baseClientConfig({}, { AWS_DEFAULT_REGION: 'eu-central-1' }).region).toBe('eu-central-1')
    expect(baseClientConfig({}, { AWS_REGION: '', AWS_DEFAULT_REGION: 'eu-central-1' }).region).toBe('eu-central-1')
  })

  it('sets nothing it was not given, so the SDK defaults (profile region, AWS_ENDPOINT_URL, retries) apply', () => {
    expect(baseClientConfig({}, {})).toEqual({})
  })

  it('passes profile, endpoint and maxAttempts through when given', () => {
    expect(baseClientConfig({ profile: 'dev', endpoint: 'http://localhost:4566', maxAttempts: 5 }, {})).toEqual({
      profile: 'dev',
      endpoint: 'http://localhost:4566',
      maxAttempts: 5,
    })
  })
})

describe('createClients', () => {
  it('builds each service client of the right class, in the region given', async () => {
    const made = clients({ region: 'us-west-2' })
    const built = await Promise.all([made.ecs(), made.elbv2(), made.efs(), made.autoscaling(), made.cloudwatch(), made.eventbridge(), made.logs(), made.ecr()])
    const classes = [ECSClient, ElasticLoadBalancingV2Client, EFSClient, ApplicationAutoScalingClient, CloudWatchClient, EventBridgeClient, CloudWatchLogsClient, ECRClient]
    built.forEach((client, index) => expect(client).toBeInstanceOf(classes[index]))
    expect(await Promise.all(built.map((client) => client.config.region()))).toEqual(Array(8).fill('us-west-2'))
    expect(await made.region()).toBe('us-west-2')
  })

  it('returns one client per service, also to concurrent first calls', async () => {
    const made = clients({ region: 'us-east-1' })
    const [first, second] = await Promise.all([made.ecs(), made.ecs()])
    expect(first).toBe(second)
    expect(await made.ecs()).toBe(first)
  })

  it('uses AWS_REGION, and AWS_DEFAULT_REGION that the SDK alone would ignore', async () => {
    vi.stubEnv('AWS_DEFAULT_REGION', 'ap-south-1')
    expect(await clients().region()).toBe('ap-south-1')
    vi.stubEnv('AWS_REGION', 'eu-north-1')
    expect(await clients().region()).toBe('eu-north-1')
  })

  it("falls back to the profile's region, the profile chosen by the option", async () => {
    configFile('[default]\nregion = us-east-2\n[profile dev]\nregion = eu-west-3\n')
    const made = clients({ profile: 'dev' })
    expect(await made.region()).toBe('eu-west-3')
    expect(await (await made.logs()).config.region()).toBe('eu-west-3')
  })

  it('lets AWS_DEFAULT_REGION win over the profile region', async () => {
    configFile('[profile dev]\nregion = eu-west-3\n')
    vi.stubEnv('AWS_DEFAULT_REGION', 'ca-central-1')
    expect(await clients({ profile: 'dev' }).region()).toBe('ca-central-1')
  })

  it('reports a missing region as a usage error, from every accessor', async () => {
    configFile('[profile dev]\noutput = json\n')
    const made = clients({ profile: 'dev' })
    const error = await made.ecs().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EcsctlError)
    expect((error as EcsctlError).kind).toBe('invalid')
    expect((error as EcsctlError).message).toContain('"dev"')
    expect((error as EcsctlError).hint).toContain('--region')
    await expect(made.elbv2()).rejects.toMatchObject({ kind: 'invalid' })
    await expect(made.region()).rejects.toMatchObject({ kind: 'invalid' })
  })

  it('sets an endpoint only when given one', async () => {
    const plain = await clients({ region: 'us-east-1' }).ecs()
    expect(plain.config.isCustomEndpoint).toBe(false)
    const local = await clients({ region: 'us-east-1', endpoint: 'http://localhost:4566' }).elbv2()
    expect(local.config.isCustomEndpoint).toBe(true)
    expect(await valueOf(local.config.endpoint)).toMatchObject({ hostname: 'localhost', port: 4566, protocol: 'http:' })
  })

  it('keeps the standard retry mode with 3 attempts unless told otherwise', async () => {
    const ecs = await clients({ region: 'us-east-1' }).ecs()
    expect(await valueOf(ecs.config.retryMode)).toBe('standard')
    expect(await ecs.config.maxAttempts()).toBe(3)
    const patient = await clients({ region: 'us-east-1', maxAttempts: 6 }).efs()
    expect(await patient.config.maxAttempts()).toBe(6)
  })

  it("every client signs with the profile's credentials, resolved by one shared provider", async () => {
    const credentials = join(home, 'credentials')
    writeFileSync(credentials, '[dev]\naws_access_key_id = AKIDEXAMPLEDEV\naws_secret_access_key = secret-dev\n')
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', credentials)
    configFile('[profile dev]\nregion = eu-west-3\n')
    const made = clients({ profile: 'dev' })
    const [ecs, logs] = await Promise.all([made.ecs(), made.logs()])
    expect((await ecs.config.credentials()).accessKeyId).toBe('AKIDEXAMPLEDEV')
    // Had logs its own provider, it would look for the file now, and find none.
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(home, 'gone'))
    expect((await logs.config.credentials()).accessKeyId).toBe('AKIDEXAMPLEDEV')
  })
})
