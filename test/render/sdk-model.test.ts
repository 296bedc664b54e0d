// The model validator must reject what AWS would reject, or the checks of rendered requests
// built on it prove nothing.
import { describe, expect, it } from 'vitest'
import { validateAgainstModel } from '../support/sdk-model.js'

const validTaskDefinition = () => ({
  family: 'web',
  cpu: '256',
  memory: '512',
  containerDefinitions: [
    {
      name: 'app',
      image: 'nginx:1.27',
      portMappings: [{ containerPort: 80, protocol: 'tcp' }],
      environment: [{ name: 'A', value: '1' }],
      healthCheck: { command: ['CMD', 'true'], interval: 10 },
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web' } },
    },
  ],
  tags: [{ key: 'team', value: 'payments' }],
})

describe('validateAgainstModel', () => {
  it('accepts a well-formed input', async () => {
    expect(await validateAgainstModel('ecs', 'RegisterTaskDefinition', validTaskDefinition())).toEqual([])
  })

  it('reports a number where the API takes a string', async () => {
    const input = { ...validTaskDefinition(), cpu: 256 }
    expect(await validateAgainstModel('ecs', 'RegisterTaskDefinition', input)).toEqual([expect.stringMatching(/^cpu: expected a string, got a number/)])
  })

  it('reports wrong types and unknown members deep inside lists and structures', async () => {
    const input = validTaskDefinition()
    const container = input.containerDefinitions[0] as Record<string, unknown>
    container.environment = [{ name: 'PORT', value: 8080 }]
    container.portMapping = [{ containerPort: 80 }]
    const problems = await validateAgainstModel('ecs', 'RegisterTaskDefinition', input)
    expect(problems).toHaveLength(2)
    expect(problems).toContainEqual(expect.stringMatching(/^containerDefinitions\[0\]\.environment\[0\]\.value: expected a string/))
    expect(problems).toContainEqual(expect.stringMatching(/^containerDefinitions\[0\]\.portMapping: ContainerDefinition has no member "portMapping"/))
  })

  it('reports missing required members, at the top and nested', async () => {
    const { family: _family, ...input } = validTaskDefinition()
    const container = input.containerDefinitions[0] as Record<string, unknown>
    container.healthCheck = { interval: 10 }
    const problems = await validateAgainstModel('ecs', 'RegisterTaskDefinition', input)
    expect(problems).toEqual(
      expect.arrayContaining([
        'family: required by RegisterTaskDefinitionRequest, missing',
        'containerDefinitions[0].healthCheck.command: required by HealthCheck, missing',
      ]),
    )
    expect(problems).toHaveLength(2)
  })

  it('counts only the first requiredCount members as required', async () => {
    // HealthCheck has five members of which only `command` is required.
    const problems = await validateAgainstModel('ecs', 'RegisterTaskDefinition', {
      family: 'web',
      containerDefinitions: [{ name: 'app', healthCheck: { command: ['CMD', 'true'] } }],
    })
    expect(problems).toEqual([])
  })

  it('checks map values, lists of simple types and booleans', async () => {
    expect(await validateAgainstModel('cloudwatch-logs', 'CreateLogGroup', { logGroupName: '/ecs/web', tags: { team: 7 } })).toEqual([
      expect.stringMatching(/^tags\["team"\]: expected a string/),
    ])
    const problems = await validateAgainstModel('ecs', 'CreateService', {
      serviceName: 'web',
      enableECSManagedTags: 'yes',
      networkConfiguration: { awsvpcConfiguration: { subnets: 'subnet-0a1' } },
    })
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^enableECSManagedTags: expected a boolean/), expect.stringMatching(/subnets: expected a list/)]),
    )
  })

  it('wants a Date for timestamps', async () => {
    const action = {
      ServiceNamespace: 'ecs',
      ScheduledActionName: 'web-night',
      ResourceId: 'service/prod/web',
      ScalableDimension: 'ecs:service:DesiredCount',
      StartTime: '2027-01-01T00:00:00Z',
    }
    expect(await validateAgainstModel('application-auto-scaling', 'PutScheduledAction', action)).toEqual([
      expect.stringMatching(/^StartTime: expected a Date/),
    ])
    expect(await validateAgainstModel('application-auto-scaling', 'PutScheduledAction', { ...action, StartTime: new Date(0) })).toEqual([])
  })

  it('sees through simple types with traits (sensitive strings)', async () => {
    const connection = (value: unknown) => ({
      Name: 'c',
      AuthorizationType: 'API_KEY',
      AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: value } },
    })
    expect(await validateAgainstModel('eventbridge', 'CreateConnection', connection('secret'))).toEqual([])
    expect(await validateAgainstModel('eventbridge', 'CreateConnection', connection(42))).toEqual([
      expect.stringMatching(/^AuthParameters\.ApiKeyAuthParameters\.ApiKeyValue: expected a string/),
    ])
  })

  it('does not require idempotency tokens, which the SDK fills in', async () => {
    expect(await validateAgainstModel('efs', 'CreateAccessPoint', { FileSystemId: 'fs-0123456789abcdef0' })).toEqual([])
  })

  it('reports an operation the client does not have', async () => {
    expect(await validateAgainstModel('ecs', 'RegisterTaskDefinitions', {})).toEqual(['@aws-sdk/client-ecs has no operation RegisterTaskDefinitions'])
  })
})
