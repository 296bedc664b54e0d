import { describe, expect, it } from 'vitest'
import { launchTarget, networkModeOf, renderTaskDefinition, roleArn } from '../../src/lib/render/index.js'
import { placeholder } from '../../src/lib/render/names.js'
import { ACCOUNT_ID, buildManifest, context } from '../support/manifests.js'

const firstContainer = (input: ReturnType<typeof renderTaskDefinition>) => {
  const container = input.containerDefinitions?.[0]
  if (!container) throw new Error('no container rendered')
  return container
}

describe('roles', () => {
  it('turns a role name into the ARN in the deploying account', () => {
    expect(roleArn('ecsTaskExecutionRole', context)).toBe(`arn:aws:iam::${ACCOUNT_ID}:role/ecsTaskExecutionRole`)
  })

  it('keeps an ARN as written', () => {
    const arn = 'arn:aws:iam::210987654321:role/service-role/web-task'
    expect(roleArn(arn, context)).toBe(arn)
  })

  it('uses the partition of the region', () => {
    expect(roleArn('r', { region: 'cn-north-1', accountId: ACCOUNT_ID })).toBe(`arn:aws-cn:iam::${ACCOUNT_ID}:role/r`)
    expect(roleArn('r', { region: 'us-gov-west-1', accountId: ACCOUNT_ID })).toBe(`arn:aws-us-gov:iam::${ACCOUNT_ID}:role/r`)
  })

  it('renders a placeholder account offline', () => {
    const input = renderTaskDefinition(buildManifest({ roles: { execution: 'ecsTaskExecutionRole', task: 'web-task' } }), {
      region: placeholder.region,
      accountId: placeholder.accountId,
    })
    expect(input.executionRoleArn).toBe('arn:aws:iam::<account-id>:role/ecsTaskExecutionRole')
    expect(input.taskRoleArn).toBe('arn:aws:iam::<account-id>:role/web-task')
  })

  it('leaves the role fields out when no role is declared', () => {
    const input = renderTaskDefinition(buildManifest(), context)
    expect(input).not.toHaveProperty('taskRoleArn')
    expect(input).not.toHaveProperty('executionRoleArn')
  })
})

describe('task size', () => {
  it('is sent as strings, as the API takes it', () => {
    const input = renderTaskDefinition(buildManifest({ cpu: 1024, memory: 3072 }), context)
    expect(input.cpu).toBe('1024')
    expect(input.memory).toBe('3072')
  })

  it('is left out when the manifest sets none (EC2 sizes by container)', () => {
    const input = renderTaskDefinition(buildManifest({ launchType: 'EC2' }, ['cpu', 'memory']), context)
    expect(input).not.toHaveProperty('cpu')
    expect(input).not.toHaveProperty('memory')
  })

  it('carries ephemeral storage and the runtime platform', () => {
    const input = renderTaskDefinition(buildManifest({ ephemeralStorage: 50, platform: { arch: 'ARM64' } }), context)
    expect(input.ephemeralStorage).toEqual({ sizeInGiB: 50 })
    expect(input.runtimePlatform).toEqual({ cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' })
  })
})

describe('environment and secrets', () => {
  it('turns numbers and booleans into strings and sorts by name', () => {
    const manifest = buildManifest({ containers: { app: { image: 'x', environment: { PORT: 8080, DEBUG: false, A_NAME: 'a', RATIO: 0.5 } } } })
    expect(firstContainer(renderTaskDefinition(manifest, context)).environment).toEqual([
      { name: 'A_NAME', value: 'a' },
      { name: 'DEBUG', value: 'false' },
      { name: 'PORT', value: '8080' },
      { name: 'RATIO', value: '0.5' },
    ])
  })

  it('sends secrets as valueFrom, sorted by name', () => {
    const ssm = `arn:aws:ssm:us-east-1:${ACCOUNT_ID}:parameter/web/key`
    const secret = `arn:aws:secretsmanager:us-east-1:${ACCOUNT_ID}:secret:db-AbCdEf`
    const manifest = buildManifest({ containers: { app: { image: 'x', secrets: { Z_KEY: ssm, DB: secret } } } })
    expect(firstContainer(renderTaskDefinition(manifest, context)).secrets).toEqual([
      { name: 'DB', valueFrom: secret },
      { name: 'Z_KEY', valueFrom: ssm },
    ])
  })

  it('leaves both out when there are none', () => {
    const container = firstContainer(renderTaskDefinition(buildManifest({ containers: { app: { image: 'x', environment: {} } } }), context))
    expect(container).not.toHaveProperty('environment')
    expect(container).not.toHaveProperty('secrets')
  })
})

describe('launch target and network mode', () => {
  it('Fargate means awsvpc and FARGATE compatibility', () => {
    const input = renderTaskDefinition(buildManifest(), context)
    expect(input.networkMode).toBe('awsvpc')
    expect(input.requiresCompatibilities).toEqual(['FARGATE'])
  })

  it('EC2 without a network section is bridge', () => {
    const input = renderTaskDefinition(buildManifest({ launchType: 'EC2' }, ['network']), context)
    expect(input.networkMode).toBe('bridge')
    expect(input.requiresCompatibilities).toEqual(['EC2'])
  })

  it('EC2 with a network section is awsvpc, and an explicit mode wins', () => {
    expect(networkModeOf(buildManifest({ launchType: 'EC2' }))).toBe('awsvpc')
    expect(networkModeOf(buildManifest({ launchType: 'EC2', networkMode: 'host' }, ['network']))).toBe('host')
  })

  it('Fargate capacity providers are Fargate; Auto Scaling group providers are EC2', () => {
    const spot = buildManifest({ capacityProviders: [{ provider: 'FARGATE_SPOT', weight: 1 }] }, ['launchType'])
    expect(launchTarget(spot)).toBe('FARGATE')
    expect(renderTaskDefinition(spot, context).requiresCompatibilities).toEqual(['FARGATE'])
    const asg = buildManifest({ capacityProviders: [{ provider: 'prod-asg-m7g', weight: 1 }] }, ['launchType', 'network'])
    expect(launchTarget(asg)).toBe('EC2')
    expect(renderTaskDefinition(asg, context)).toMatchObject({ requiresCompatibilities: ['EC2'], networkMode: 'bridge' })
  })

  it('without launch type or capacity providers, claims no compatibility and follows the network section', () => {
    const withNetwork = buildManifest({}, ['launchType'])
    expect(launchTarget(withNetwork)).toBeUndefined()
    expect(renderTaskDefinition(withNetwork, context)).not.toHaveProperty('requiresCompatibilities')
    expect(renderTaskDefinition(withNetwork, context).networkMode).toBe('awsvpc')
    expect(renderTaskDefinition(buildManifest({}, ['launchType', 'network', 'cpu', 'memory']), context).networkMode).toBe('bridge')
  })
})

describe('port mappings', () => {
  it('under bridge, an unset host port is 0 (dynamic) and a set one is kept', () => {
    const manifest = buildManifest(
      { launchType: 'EC2', containers: { app: { image: 'x', ports: [8080, { containerPort: 9090, hostPort: 9090, protocol: 'udp' }] } } },
      ['network'],
    )
    expect(firstContainer(renderTaskDefinition(manifest, context)).portMappings).toEqual([
      { containerPort: 8080, hostPort: 0, protocol: 'tcp' },
      { containerPort: 9090, hostPort: 9090, protocol: 'udp' },
    ])
  })

  it('under awsvpc, the host port is the container port', () => {
    const manifest = buildManifest({ containers: { app: { image: 'x', ports: [{ containerPort: 8080, name: 'http', appProtocol: 'http' }] } } })
    expect(firstContainer(renderTaskDefinition(manifest, context)).portMappings).toEqual([
      { containerPort: 8080, hostPort: 8080, protocol: 'tcp', name: 'http', appProtocol: 'http' },
    ])
  })
})

describe('containers', () => {
  it('keeps the manifest order and maps mount points, dependencies and health checks', () => {
    const manifest = buildManifest({
      volumes: { data: {} },
      containers: {
        app: {
          image: 'x',
          mountPoints: [{ volume: 'data', path: '/data', readOnly: true }],
          dependsOn: [{ container: 'init', condition: 'SUCCESS' }, { container: 'sidecar' }],
          healthCheck: { command: ['CMD', 'true'], interval: 10, timeout: 3 },
        },
        init: { image: 'y', essential: false },
        sidecar: { image: 'z' },
      },
    })
    const input = renderTaskDefinition(manifest, context)
    expect(input.containerDefinitions?.map((c) => c.name)).toEqual(['app', 'init', 'sidecar'])
    expect(firstContainer(input)).toMatchObject({
      mountPoints: [{ sourceVolume: 'data', containerPath: '/data', readOnly: true }],
      dependsOn: [
        { containerName: 'init', condition: 'SUCCESS' },
        { containerName: 'sidecar', condition: 'START' },
      ],
      healthCheck: { command: ['CMD', 'true'], interval: 10, timeout: 3 },
    })
    expect(firstContainer(input).healthCheck).not.toHaveProperty('retries')
    expect(input.volumes).toEqual([{ name: 'data' }])
  })

  it('sends awslogs options for the group, the region and the stream prefix', () => {
    const manifest = buildManifest({ containers: { app: { image: 'x', logging: { group: '/custom/web', prefix: 'svc' } }, worker: { image: 'y' } } })
    const [app, worker] = renderTaskDefinition(manifest, context).containerDefinitions ?? []
    expect(app?.logConfiguration).toEqual({
      logDriver: 'awslogs',
      options: { 'awslogs-group': '/custom/web', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'svc' },
    })
    expect(worker?.logConfiguration?.options).toEqual({ 'awslogs-group': '/ecs/web', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'worker' })
  })

  it('sends no log configuration when logging is off', () => {
    const manifest = buildManifest({ containers: { app: { image: 'x', logging: false } } })
    expect(firstContainer(renderTaskDefinition(manifest, context))).not.toHaveProperty('logConfiguration')
  })
})

describe('EFS volumes', () => {
  const efsManifest = (efs: Record<string, unknown>) => buildManifest({ volumes: { data: { efs } } })

  it('point at a placeholder for an access point ecsctl creates', () => {
    const input = renderTaskDefinition(
      efsManifest({ fileSystemId: 'fs-0123456789abcdef0', accessPoint: { path: '/web' }, transitEncryption: true, iam: true }),
      context,
    )
    expect(input.volumes).toEqual([
      {
        name: 'data',
        efsVolumeConfiguration: {
          fileSystemId: 'fs-0123456789abcdef0',
          transitEncryption: 'ENABLED',
          authorizationConfig: { accessPointId: placeholder.accessPointId('data'), iam: 'ENABLED' },
        },
      },
    ])
  })

  it('keep an existing access point id, and say DISABLED when iam is off', () => {
    const input = renderTaskDefinition(
      efsManifest({ fileSystemId: 'fs-0123456789abcdef0', accessPoint: 'fsap-0fedcba9876543210', transitEncryption: true, iam: false }),
      context,
    )
    expect(input.volumes?.[0]?.efsVolumeConfiguration?.authorizationConfig).toEqual({ accessPointId: 'fsap-0fedcba9876543210', iam: 'DISABLED' })
  })

  it('use the root directory without an access point, and a placeholder for a file system found by name', () => {
    const input = renderTaskDefinition(efsManifest({ fileSystem: 'shared-data', rootDirectory: '/exports' }), context)
    expect(input.volumes?.[0]?.efsVolumeConfiguration).toEqual({
      fileSystemId: placeholder.fileSystemId('shared-data'),
      rootDirectory: '/exports',
      transitEncryption: 'DISABLED',
    })
  })
})

describe('tags', () => {
  it('carry the owner tag, which a user tag of the same key cannot override', () => {
    const input = renderTaskDefinition(buildManifest({ tags: { team: 'payments', 'ecsctl:service': 'other' } }), context)
    expect(input.tags).toEqual([
      { key: 'ecsctl:service', value: 'web' },
      { key: 'team', value: 'payments' },
    ])
  })

  it('use the family when one is set', () => {
    expect(renderTaskDefinition(buildManifest({ family: 'web-v2' }), context).family).toBe('web-v2')
  })
})
