// The one source for the manifest's TypeScript types, defaults, structural validation and the
// JSON Schema (`ecsctl schema`). Cross-field rules (Fargate sizes, references between sections)
// live in rules.ts, which runs on the parsed result.
import * as z from 'zod'

// A manifest is parsed once per process: compiling zod's fast parsers would cost more start-up
// time than it saves.
z.config({ jitless: true })

const ACCOUNT_ARN = String.raw`arn:aws[a-z-]*:`
const name = (what: string, max: number) =>
  z
    .string()
    .min(1, `${what} must not be empty`)
    .max(max, `${what} is at most ${max} characters`)
    .regex(/^[A-Za-z0-9_-]+$/, `${what} may use only letters, digits, "-" and "_"`)

const positiveInt = (what: string) => z.int(`${what} must be a whole number`).positive(`${what} must be greater than 0`)
const nonNegativeInt = (what: string) => z.int(`${what} must be a whole number`).min(0, `${what} must be 0 or more`)
const stringList = z.array(z.string().min(1))

/** An IAM role by name (`ecsTaskExecutionRole`) or ARN (`arn:aws:iam::123456789012:role/x`). */
export const roleRef = z
  .string()
  .regex(
    new RegExp(String.raw`^(${ACCOUNT_ARN}iam::\d{12}:role/[\w+=,.@/-]+|[\w+=,.@-]{1,64})$`),
    'must be a role name (ecsTaskExecutionRole) or a role ARN with a 12-digit account id (arn:aws:iam::123456789012:role/NAME)',
  )

const secretArn = z
  .string()
  .regex(
    new RegExp(String.raw`^${ACCOUNT_ARN}(secretsmanager:[a-z0-9-]+:\d{12}:secret:.+|ssm:[a-z0-9-]+:\d{12}:parameter/.+)$`),
    'must be the ARN of a Secrets Manager secret (arn:aws:secretsmanager:REGION:123456789012:secret:NAME) or an SSM parameter (arn:aws:ssm:REGION:123456789012:parameter/NAME), with a 12-digit account id',
  )

const listenerArn = z
  .string()
  .regex(
    new RegExp(String.raw`^${ACCOUNT_ARN}elasticloadbalancing:[a-z0-9-]+:\d{12}:listener/(app|net|gwy)/[\w-]+/[0-9a-f]+/[0-9a-f]+$`),
    'must be a listener ARN (arn:aws:elasticloadbalancing:REGION:123456789012:listener/app/NAME/ID/ID), with a 12-digit account id',
  )

const duration = z
  .string()
  .regex(/^(\d+h)?(\d+m)?(\d+s)?$/, 'must be a duration such as 90s, 15m or 1h30m')
  .refine((s) => s.length > 0, 'must be a duration such as 90s, 15m or 1h30m')

export const LAUNCH_TYPES = ['FARGATE', 'EC2', 'EXTERNAL'] as const
export const CONTAINER_CONDITIONS = ['START', 'COMPLETE', 'SUCCESS', 'HEALTHY'] as const

const portMapping = z.union([
  z.int('a port must be a whole number').min(1).max(65535),
  z.strictObject({
    containerPort: z.int().min(1).max(65535),
    hostPort: z.int().min(0).max(65535).optional(),
    protocol: z.enum(['tcp', 'udp']).optional(),
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'a port name uses lowercase letters, digits, "-" and "_"').optional(),
    appProtocol: z.enum(['http', 'http2', 'grpc']).optional(),
  }),
])

const healthCheck = z.strictObject({
  command: z.array(z.string()).min(1, 'needs a command, e.g. [CMD-SHELL, "curl -fs http://localhost/ || exit 1"]'),
  interval: z.int().min(5).max(300).optional(),
  timeout: z.int().min(2).max(120).optional(),
  retries: z.int().min(1).max(10).optional(),
  startPeriod: z.int().min(0).max(300).optional(),
})

const logging = z.strictObject({
  group: z.string().regex(/^[\w./#-]{1,512}$/, 'a log group name uses letters, digits and _ - / . #').optional(),
  prefix: z.string().min(1).optional(),
  retentionDays: z
    .literal([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], {
      error: 'must be one of CloudWatch Logs retention periods: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653',
    })
    .optional(),
})

export const containerSchema = z.strictObject({
  image: z.string().min(1, 'needs an image, e.g. nginx:1.27 or 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v1'),
  essential: z.boolean().default(true),
  ports: z.array(portMapping).optional(),
  cpu: nonNegativeInt('cpu').optional(),
  memory: positiveInt('memory').optional(),
  memoryReservation: positiveInt('memoryReservation').optional(),
  command: stringList.optional(),
  entryPoint: stringList.optional(),
  workingDirectory: z.string().optional(),
  user: z.string().optional(),
  environment: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  secrets: z.record(z.string(), secretArn).optional(),
  healthCheck: healthCheck.optional(),
  /** awslogs; `false` turns logging off. */
  logging: z.union([logging, z.literal(false)]).optional(),
  mountPoints: z
    .array(z.strictObject({ volume: z.string().min(1), path: z.string().startsWith('/', 'must be an absolute path'), readOnly: z.boolean().optional() }))
    .optional(),
  dependsOn: z.array(z.strictObject({ container: z.string().min(1), condition: z.enum(CONTAINER_CONDITIONS).default('START') })).optional(),
  stopTimeout: z.int().min(2).max(120).optional(),
  readonlyRootFilesystem: z.boolean().optional(),
})

const efsAccessPoint = z.union([
  z.string().regex(/^fsap-[0-9a-f]{8,40}$/, 'an access point id looks like fsap-0123456789abcdef0'),
  z.strictObject({
    path: z.string().startsWith('/', 'must be an absolute path such as /web'),
    posixUser: z.strictObject({ uid: nonNegativeInt('uid'), gid: nonNegativeInt('gid'), secondaryGids: z.array(nonNegativeInt('gid')).optional() }).optional(),
    owner: z.strictObject({ uid: nonNegativeInt('uid'), gid: nonNegativeInt('gid') }).optional(),
    permissions: z.string().regex(/^[0-7]{3,4}$/, 'must be octal permissions in quotes, such as "0755"').optional(),
  }),
])

const efsVolume = z.strictObject({
  fileSystemId: z.string().regex(/^fs-[0-9a-f]{8,40}$/, 'a file system id looks like fs-0123456789abcdef0').optional(),
  fileSystem: z.string().min(1).optional(),
  rootDirectory: z.string().startsWith('/').optional(),
  accessPoint: efsAccessPoint.optional(),
  transitEncryption: z.boolean().optional(),
  transitEncryptionPort: z.int().min(1).max(65535).optional(),
  iam: z.boolean().optional(),
})

export const volumeSchema = z.strictObject({
  efs: efsVolume.optional(),
  host: z.strictObject({ path: z.string().startsWith('/') }).optional(),
  // Accepted by the structure so that rules.ts can explain why it is refused.
  s3: z.unknown().optional(),
})

const targetGroupHealthCheck = z.strictObject({
  path: z.string().startsWith('/').optional(),
  port: z.union([z.int().min(1).max(65535), z.literal('traffic-port')]).optional(),
  protocol: z.enum(['HTTP', 'HTTPS', 'TCP']).optional(),
  interval: z.int().min(5).max(300).optional(),
  timeout: z.int().min(2).max(120).optional(),
  healthyThreshold: z.int().min(2).max(10).optional(),
  unhealthyThreshold: z.int().min(2).max(10).optional(),
  matcher: z.string().regex(/^\d{3}([-,]\d{3})*$/, 'a matcher is an HTTP code or range such as 200 or 200-399').optional(),
})

const targetGroupName = z
  .string()
  .max(32, 'a target group name is at most 32 characters')
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/, 'a target group name uses letters, digits and "-", and neither starts nor ends with "-"')

const albSchema = z.strictObject({
  listener: listenerArn,
  targetGroupName: targetGroupName.optional(),
  protocol: z.enum(['HTTP', 'HTTPS']).default('HTTP'),
  rule: z.strictObject({
    priority: z.int('a rule priority is a whole number').min(1, 'a rule priority is between 1 and 50000').max(50000, 'a rule priority is between 1 and 50000'),
    hosts: stringList.optional(),
    paths: stringList.optional(),
  }),
  healthCheck: targetGroupHealthCheck.optional(),
  deregistrationDelay: z.int().min(0).max(3600).optional(),
})

const nlbSchema = z.strictObject({
  listener: listenerArn,
  targetGroupName: targetGroupName.optional(),
  protocol: z.enum(['TCP', 'UDP', 'TLS', 'TCP_UDP']).default('TCP'),
  healthCheck: targetGroupHealthCheck.optional(),
  deregistrationDelay: z.int().min(0).max(3600).optional(),
})

export const loadBalancerSchema = z.strictObject({
  container: z.string().min(1),
  port: z.int().min(1).max(65535),
  alb: albSchema.optional(),
  nlb: nlbSchema.optional(),
  /** An existing target group, by ARN or name; ecsctl does not manage it. */
  targetGroup: z.string().min(1).optional(),
})

const scheduleExpression = z.string().min(1)

const stepSchema = z.strictObject({
  name: name('a step policy name', 100),
  alarm: z.strictObject({
    namespace: z.string().min(1),
    metric: z.string().min(1),
    statistic: z.enum(['Average', 'Sum', 'Minimum', 'Maximum', 'SampleCount']).default('Average'),
    dimensions: z.record(z.string(), z.string()).optional(),
    threshold: z.number(),
    comparison: z.enum(['GreaterThanThreshold', 'GreaterThanOrEqualToThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold']),
    periods: positiveInt('periods').default(1),
    period: z.literal([10, 30, 60, 120, 180, 240, 300, 600, 900, 1800, 3600], { error: 'must be 10, 30 or a multiple of 60 up to 3600 seconds' }).default(60),
  }),
  adjustments: z
    .array(z.strictObject({ lower: z.number().optional(), upper: z.number().optional(), change: z.int('a change is a whole number of tasks') }))
    .min(1, 'needs at least one adjustment, e.g. [{ lower: 0, change: 1 }]'),
  adjustmentType: z.enum(['ChangeInCapacity', 'ExactCapacity', 'PercentChangeInCapacity']).default('ChangeInCapacity'),
  cooldown: nonNegativeInt('cooldown').optional(),
})

const scheduleSchema = z.strictObject({
  name: name('a scheduled action name', 200),
  schedule: scheduleExpression,
  timezone: z.string().optional(),
  min: nonNegativeInt('min').optional(),
  max: nonNegativeInt('max').optional(),
  start: z.string().optional(),
  end: z.string().optional(),
})

export const autoscalingSchema = z.strictObject({
  min: nonNegativeInt('min'),
  max: positiveInt('max'),
  cpu: z.number().optional(),
  memory: z.number().optional(),
  requestsPerTarget: positiveInt('requestsPerTarget').optional(),
  scaleInCooldown: nonNegativeInt('scaleInCooldown').optional(),
  scaleOutCooldown: nonNegativeInt('scaleOutCooldown').optional(),
  queue: z.strictObject({ name: z.string().regex(/^[\w-]{1,80}(\.fifo)?$/, 'an SQS queue name uses letters, digits, "-" and "_"'), backlogPerTask: positiveInt('backlogPerTask') }).optional(),
  steps: z.array(stepSchema).optional(),
  schedules: z.array(scheduleSchema).optional(),
})

export const deploymentSchema = z.strictObject({
  minimumHealthyPercent: z.int().min(0).max(100).optional(),
  maximumPercent: z.int().min(100).max(400).optional(),
  circuitBreaker: z.strictObject({ enable: z.boolean().default(true), rollback: z.boolean().default(true) }).optional(),
  timeout: duration.default('15m'),
})

export const taskSchema = z.strictObject({
  schedule: scheduleExpression.optional(),
  eventPattern: z.record(z.string(), z.unknown()).optional(),
  container: z.string().min(1).optional(),
  command: stringList.optional(),
  count: z.int().min(1).max(10).default(1),
  description: z.string().max(512).optional(),
  enabled: z.boolean().default(true),
})

const baseShape = {
  version: z.literal(1, { error: 'must be 1 (the only manifest version so far): write `version: 1`' }),
  name: name('a service name', 255),
  family: name('a task definition family', 255).optional(),
  cluster: z
    .string()
    .min(1, 'needs the cluster name')
    .max(255, 'a cluster name is at most 255 characters')
    .regex(/^[A-Za-z0-9_-]+$/, 'must be the cluster name (letters, digits, "-" and "_"), not its ARN: write e.g. `cluster: prod`'),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be a region such as us-east-1').optional(),
  tags: z.record(z.string().min(1).max(128), z.string().max(256)).optional(),
  launchType: z.enum(LAUNCH_TYPES).optional(),
  capacityProviders: z
    .array(z.strictObject({ provider: z.string().min(1), weight: z.int().min(0).max(1000).optional(), base: z.int().min(0).max(100000).optional() }))
    .min(1)
    .optional(),
  platform: z
    .strictObject({
      os: z.enum(['LINUX', 'WINDOWS_SERVER_2019_FULL', 'WINDOWS_SERVER_2019_CORE', 'WINDOWS_SERVER_2022_FULL', 'WINDOWS_SERVER_2022_CORE', 'WINDOWS_SERVER_2025_FULL', 'WINDOWS_SERVER_2025_CORE']).default('LINUX'),
      arch: z.enum(['X86_64', 'ARM64']).default('X86_64'),
    })
    .optional(),
  cpu: positiveInt('cpu').optional(),
  memory: positiveInt('memory').optional(),
  ephemeralStorage: z.int('ephemeralStorage is a whole number of GiB').optional(),
  desiredCount: nonNegativeInt('desiredCount').default(1),
  roles: z.strictObject({ task: roleRef.optional(), execution: roleRef.optional(), events: roleRef.optional() }).optional(),
  network: z
    .strictObject({
      subnets: z.array(z.string().regex(/^subnet-[0-9a-f]+$/, 'a subnet id looks like subnet-0a1b2c3d')).min(1, 'needs at least one subnet'),
      securityGroups: z.array(z.string().regex(/^sg-[0-9a-f]+$/, 'a security group id looks like sg-0a1b2c3d')).optional(),
      assignPublicIp: z.boolean().default(false),
    })
    .optional(),
  networkMode: z.enum(['bridge', 'host', 'awsvpc', 'none']).optional(),
  placement: z
    .strictObject({
      strategy: z.array(z.strictObject({ type: z.enum(['spread', 'binpack', 'random']), field: z.string().optional() })).max(5).optional(),
      constraints: z.array(z.strictObject({ type: z.enum(['memberOf', 'distinctInstance']), expression: z.string().optional() })).max(10).optional(),
    })
    .optional(),
  containers: z.record(name('a container name', 255), containerSchema).refine((c) => Object.keys(c).length > 0, 'needs at least one container'),
  volumes: z.record(name('a volume name', 255), volumeSchema).optional(),
  loadBalancers: z.array(loadBalancerSchema).optional(),
  healthCheckGracePeriod: nonNegativeInt('healthCheckGracePeriod').max(2147483647).optional(),
  autoscaling: autoscalingSchema.optional(),
  deployment: deploymentSchema.prefault({}),
  tasks: z.record(name('a task name', 64), taskSchema).optional(),
}

/** A manifest as written, environments included (what the JSON Schema describes). */
export const manifestFileSchema = z.strictObject({
  $schema: z.string().optional(),
  ...baseShape,
  // Overlays are checked after they are merged, against the whole schema.
  environments: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
})

/** A manifest after its environment overlay is merged: what render works on. */
export const manifestSchema = z.strictObject(baseShape)

export type ManifestInput = z.input<typeof manifestFileSchema>
export type Manifest = z.output<typeof manifestSchema>
export type Container = z.output<typeof containerSchema>
export type Volume = z.output<typeof volumeSchema>
export type LoadBalancer = z.output<typeof loadBalancerSchema>
export type Autoscaling = z.output<typeof autoscalingSchema>
export type Task = z.output<typeof taskSchema>
