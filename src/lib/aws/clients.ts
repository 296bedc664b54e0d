// The AWS client factory. Nothing here loads the SDK until a client is asked for: this module
// imports SDK *types* only, and each client package is loaded with import() on first use, so
// that offline commands (validate, render, schema, --help) never pay the SDK's start-up cost.
import type { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling'
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import type { ECRClient } from '@aws-sdk/client-ecr'
import type { ECSClient, ECSClientConfig } from '@aws-sdk/client-ecs'
import type { EFSClient } from '@aws-sdk/client-efs'
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge'
import type { STSClient } from '@aws-sdk/client-sts'
import { missingRegionError } from './errors.js'

export interface ClientOptions {
  /** Wins over AWS_REGION, AWS_DEFAULT_REGION and the profile's region. */
  region?: string
  /** A profile of ~/.aws/config; without it the SDK uses AWS_PROFILE, then `default`. */
  profile?: string
  /** Only for an explicit --endpoint: the SDK honours AWS_ENDPOINT_URL(_<SERVICE>) by itself. */
  endpoint?: string
  /** Attempts per request, first one included; the SDK's default is 3 (or AWS_MAX_ATTEMPTS). */
  maxAttempts?: number
}

/**
 * One client per AWS service, created on first use and then reused. All of them share one region
 * and one credential provider, so a profile with SSO or an assumed role resolves credentials
 * once per run, not once per service.
 */
export interface AwsClients {
  ecs(): Promise<ECSClient>
  elbv2(): Promise<ElasticLoadBalancingV2Client>
  efs(): Promise<EFSClient>
  autoscaling(): Promise<ApplicationAutoScalingClient>
  cloudwatch(): Promise<CloudWatchClient>
  eventbridge(): Promise<EventBridgeClient>
  logs(): Promise<CloudWatchLogsClient>
  ecr(): Promise<ECRClient>
  /** For the account id (GetCallerIdentity), which a first deploy needs for ARNs it writes. */
  sts(): Promise<STSClient>
  /** The region every client uses; rejects with EcsctlError('invalid') when none is set anywhere. */
  region(): Promise<string>
  /** Closes the connections of the clients created so far; call once, when the command ends. */
  destroy(): void
}

type CredentialProvider = ECSClient['config']['credentials']

/** The part of the client configuration ecsctl sets; everything else is the SDK's default. */
export interface BaseClientConfig {
  region?: string
  profile?: string
  endpoint?: string
  maxAttempts?: number
  credentials?: ECSClientConfig['credentials']
}

/** What ecsctl needs of any SDK client, whatever its service. */
interface SdkClient {
  config: { region: () => Promise<string>; credentials: CredentialProvider }
  destroy(): void
}

/** Settings resolved once, from the first client created, and given to every later one. */
interface SharedSettings {
  region: string
  credentials: CredentialProvider
}

type Build<C extends SdkClient> = (config: BaseClientConfig) => Promise<C>

export function createClients(options: ClientOptions = {}): AwsClients {
  return new LazyAwsClients(baseClientConfig(options, process.env), options.profile)
}

/**
 * The configuration every client starts from. The region is resolved here for the sources the
 * SDK does not read itself (AWS_DEFAULT_REGION, which only the AWS CLI honours); the profile's
 * region is left to the SDK, which reads it when the region is undefined. Retry mode is left
 * alone: the SDK's default is "standard", and AWS_RETRY_MODE still applies.
 */
export function baseClientConfig(options: ClientOptions, env: NodeJS.ProcessEnv): BaseClientConfig {
  const config: BaseClientConfig = {}
  const region = nonEmpty(options.region) ?? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION)
  if (region) config.region = region
  if (nonEmpty(options.profile)) config.profile = options.profile
  if (nonEmpty(options.endpoint)) config.endpoint = options.endpoint
  if (options.maxAttempts !== undefined) config.maxAttempts = options.maxAttempts
  return config
}

class LazyAwsClients implements AwsClients {
  readonly #base: BaseClientConfig
  readonly #profile: string | undefined
  readonly #clients = new Map<string, Promise<SdkClient>>()
  readonly #created: SdkClient[] = []
  #shared: Promise<SharedSettings> | undefined

  constructor(base: BaseClientConfig, profile: string | undefined) {
    this.#base = base
    this.#profile = profile
  }

  ecs(): Promise<ECSClient> {
    return this.#client('ecs', async (config) => new (await import('@aws-sdk/client-ecs')).ECSClient(config))
  }

  elbv2(): Promise<ElasticLoadBalancingV2Client> {
    return this.#client('elbv2', async (config) => new (await import('@aws-sdk/client-elastic-load-balancing-v2')).ElasticLoadBalancingV2Client(config))
  }

  efs(): Promise<EFSClient> {
    return this.#client('efs', async (config) => new (await import('@aws-sdk/client-efs')).EFSClient(config))
  }

  autoscaling(): Promise<ApplicationAutoScalingClient> {
    return this.#client('autoscaling', async (config) => new (await import('@aws-sdk/client-application-auto-scaling')).ApplicationAutoScalingClient(config))
  }

  cloudwatch(): Promise<CloudWatchClient> {
    return this.#client('cloudwatch', async (config) => new (await import('@aws-sdk/client-cloudwatch')).CloudWatchClient(config))
  }

  eventbridge(): Promise<EventBridgeClient> {
    return this.#client('eventbridge', async (config) => new (await import('@aws-sdk/client-eventbridge')).EventBridgeClient(config))
  }

  logs(): Promise<CloudWatchLogsClient> {
    return this.#client('logs', async (config) => new (await import('@aws-sdk/client-cloudwatch-logs')).CloudWatchLogsClient(config))
  }

  ecr(): Promise<ECRClient> {
    return this.#client('ecr', async (config) => new (await import('@aws-sdk/client-ecr')).ECRClient(config))
  }

  sts(): Promise<STSClient> {
    return this.#client('sts', async (config) => new (await import('@aws-sdk/client-sts')).STSClient(config))
  }

  async region(): Promise<string> {
    await this.ecs()
    // ecs() has started the shared settings if nothing else had.
    return (await (this.#shared as Promise<SharedSettings>)).region
  }

  destroy(): void {
    for (const client of this.#created) client.destroy()
  }

  /** One promise per service, so that concurrent first calls share one client. */
  #client<C extends SdkClient>(key: string, build: Build<C>): Promise<C> {
    let client = this.#clients.get(key) as Promise<C> | undefined
    if (!client) {
      client = this.#create(build)
      this.#clients.set(key, client)
    }
    return client
  }

  /**
   * The first client is built from the base configuration and tells the others their region and
   * credential provider. A missing region is reported before any request is sent.
   */
  async #create<C extends SdkClient>(build: Build<C>): Promise<C> {
    let client: C
    if (this.#shared) {
      const shared = await this.#shared
      client = await build({ ...this.#base, region: shared.region, credentials: shared.credentials })
    } else {
      const first = build(this.#base)
      this.#shared = first.then((created) => sharedSettingsOf(created, this.#profile))
      await this.#shared
      client = await first
    }
    this.#created.push(client)
    return client
  }
}

async function sharedSettingsOf(client: SdkClient, profile: string | undefined): Promise<SharedSettings> {
  let region: string | undefined
  try {
    region = await client.config.region()
  } catch (error) {
    // The SDK's region chain throws "Region is missing" when every source is empty.
    throw missingRegionError(profile, error)
  }
  if (!region) throw missingRegionError(profile)
  return { region, credentials: client.config.credentials }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value
}
