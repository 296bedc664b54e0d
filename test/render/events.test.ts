import { describe, expect, it } from 'vitest'
import { renderScheduledTasks } from '../../src/lib/render/index.js'
import { ACCOUNT_ID, buildManifest, context } from '../support/manifests.js'

const withTasks = (tasks: Record<string, unknown>, changes: Record<string, unknown> = {}) =>
  buildManifest({ roles: { events: 'ecsEventsRole' }, tasks, ...changes })

const onlyTask = (changes: Record<string, unknown>, manifestChanges: Record<string, unknown> = {}) => {
  const [rendered, ...rest] = renderScheduledTasks(withTasks({ report: changes }, manifestChanges), context)
  expect(rest).toEqual([])
  if (!rendered) throw new Error('no task rendered')
  return rendered
}

const firstTarget = (rendered: ReturnType<typeof onlyTask>) => {
  const target = rendered.putTargets.Targets?.[0]
  if (!target) throw new Error('no target rendered')
  return target
}

describe('PutRule', () => {
  it('schedules with the expression and names the rule after cluster, service and task', () => {
    const { putRule } = onlyTask({ schedule: 'cron(0 3 * * ? *)', command: ['node', 'report.js'] })
    expect(putRule).toMatchObject({ Name: 'ecsctl.prod.web.report', ScheduleExpression: 'cron(0 3 * * ? *)', State: 'ENABLED' })
    expect(putRule).not.toHaveProperty('EventPattern')
    expect(putRule.Tags).toEqual([{ Key: 'ecsctl:service', Value: 'web' }])
  })

  it('sends an event pattern as a JSON string', () => {
    const pattern = { source: ['aws.s3'], 'detail-type': ['Object Created'] }
    const { putRule } = onlyTask({ eventPattern: pattern, enabled: false, description: 'on upload' })
    expect(putRule).not.toHaveProperty('ScheduleExpression')
    expect(JSON.parse(putRule.EventPattern ?? '')).toEqual(pattern)
    expect(putRule).toMatchObject({ State: 'DISABLED', Description: 'on upload' })
  })
})

describe('PutTargets', () => {
  it('runs the latest task definition of the family on the cluster, with the events role', () => {
    const rendered = onlyTask({ schedule: 'rate(1 day)', command: ['node', 'report.js'], count: 2 })
    expect(rendered.putTargets.Rule).toBe(rendered.putRule.Name)
    const target = firstTarget(rendered)
    expect(target).toMatchObject({
      Id: 'report',
      Arn: `arn:aws:ecs:us-east-1:${ACCOUNT_ID}:cluster/prod`,
      RoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/ecsEventsRole`,
    })
    expect(target.EcsParameters).toEqual({
      TaskDefinitionArn: `arn:aws:ecs:us-east-1:${ACCOUNT_ID}:task-definition/web`,
      TaskCount: 2,
      LaunchType: 'FARGATE',
      NetworkConfiguration: {
        awsvpcConfiguration: { Subnets: ['subnet-0a1b2c3d', 'subnet-0e5f6a7b'], SecurityGroups: ['sg-0c3d4e5f'], AssignPublicIp: 'DISABLED' },
      },
    })
  })

  it('overrides the command of the named container, else of the first essential one', () => {
    const containers = { init: { image: 'x', essential: false }, app: { image: 'y' }, worker: { image: 'z' } }
    const named = firstTarget(onlyTask({ schedule: 'rate(1 day)', container: 'worker', command: ['run'] }, { containers }))
    expect(JSON.parse(named.Input ?? '')).toEqual({ containerOverrides: [{ name: 'worker', command: ['run'] }] })
    const defaulted = firstTarget(onlyTask({ schedule: 'rate(1 day)', command: ['run'] }, { containers }))
    expect(JSON.parse(defaulted.Input ?? '')).toEqual({ containerOverrides: [{ name: 'app', command: ['run'] }] })
  })

  it('sends no input without a command', () => {
    expect(firstTarget(onlyTask({ schedule: 'rate(1 day)' }))).not.toHaveProperty('Input')
  })

  it('uses the capacity provider strategy instead of a launch type, and placement on EC2', () => {
    const spot = firstTarget(
      onlyTask({ schedule: 'rate(1 day)' }, { launchType: undefined, capacityProviders: [{ provider: 'FARGATE_SPOT', weight: 1 }] }),
    )
    expect(spot.EcsParameters).not.toHaveProperty('LaunchType')
    expect(spot.EcsParameters?.CapacityProviderStrategy).toEqual([{ capacityProvider: 'FARGATE_SPOT', weight: 1 }])

    const ec2 = firstTarget(
      onlyTask({ schedule: 'rate(1 day)' }, { launchType: 'EC2', network: undefined, placement: { constraints: [{ type: 'distinctInstance' }] } }),
    )
    expect(ec2.EcsParameters).toMatchObject({ LaunchType: 'EC2', PlacementConstraints: [{ type: 'distinctInstance' }] })
    expect(ec2.EcsParameters).not.toHaveProperty('NetworkConfiguration')
  })

  it('renders one rule and one target per task, in manifest order', () => {
    const rendered = renderScheduledTasks(withTasks({ b: { schedule: 'rate(1 day)' }, a: { schedule: 'rate(2 days)' } }), context)
    expect(rendered.map((t) => t.putRule.Name)).toEqual(['ecsctl.prod.web.b', 'ecsctl.prod.web.a'])
  })
})
