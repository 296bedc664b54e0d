// Deployments as ECS runs them, driven only by DescribeServices calls (no clock, no sleeps):
// a rollout that completes, one whose image crashes and is rolled back by the circuit breaker,
// one whose image cannot be pulled, scaling, deletion, and standalone tasks.
import { FilterLogEventsCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  UpdateServiceCommand,
  type Service,
} from '@aws-sdk/client-ecs'
import { CreateRuleCommand, CreateTargetGroupCommand, DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2'
import { describe, expect, it } from 'vitest'
import type { Endpoint } from './index.js'
import { ACCOUNT, type Clients, LISTENER, seedBasics, sharedEndpoint, VPC } from './support.js'

let endpoint: Endpoint
let aws: Clients
sharedEndpoint((started, clients) => {
  endpoint = started
  aws = clients
}, {
  options: { deploymentSteps: 2 },
  seed: (started) => {
    seedBasics(started)
    started.seed.logGroup('/ecs/web')
  },
})

const IMAGE = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/web`

async function registerRevision(image: string): Promise<string> {
  const output = await aws.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'web',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`,
      containerDefinitions: [
        {
          name: 'app',
          image,
          portMappings: [{ containerPort: 8080 }],
          logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'app' } },
        },
      ],
    }),
  )
  return output.taskDefinition?.taskDefinitionArn ?? ''
}

/** A target group attached to the listener by a rule, as ecsctl sets it up before the service. */
async function attachedTargetGroup(): Promise<string> {
  const group = await aws.elbv2.send(
    new CreateTargetGroupCommand({ Name: 'web-app-8080', Protocol: 'HTTP', Port: 8080, VpcId: VPC, TargetType: 'ip', HealthCheckPath: '/healthz' }),
  )
  const targetGroupArn = group.TargetGroups?.[0]?.TargetGroupArn ?? ''
  await aws.elbv2.send(
    new CreateRuleCommand({
      ListenerArn: LISTENER,
      Priority: 10,
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['api.example.com'] } }],
      Actions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
    }),
  )
  return targetGroupArn
}

async function createService(targetGroupArn: string, circuitBreaker = { enable: true, rollback: true }): Promise<Service> {
  const output = await aws.ecs.send(
    new CreateServiceCommand({
      cluster: 'prod',
      serviceName: 'web',
      taskDefinition: 'web',
      desiredCount: 2,
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1', 'subnet-0b2'], securityGroups: ['sg-0c3'] } },
      loadBalancers: [{ targetGroupArn, containerName: 'app', containerPort: 8080 }],
      deploymentConfiguration: { deploymentCircuitBreaker: circuitBreaker },
      enableECSManagedTags: true,
      propagateTags: 'SERVICE',
      tags: [{ key: 'ecsctl:service', value: 'web' }],
    }),
  )
  return output.service as Service
}

async function describeService(): Promise<Service> {
  const output = await aws.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'], include: ['TAGS'] }))
  return output.services?.[0] as Service
}

const messages = (service: Service) => (service.events ?? []).map((event) => event.message ?? '')

async function taskArns(desiredStatus: 'RUNNING' | 'STOPPED'): Promise<string[]> {
  return (await aws.ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: 'web', desiredStatus }))).taskArns ?? []
}

describe('a deployment that completes', () => {
  it('is PRIMARY and IN_PROGRESS, brings its tasks up over the steps, then COMPLETES with a steady state and healthy targets', async () => {
    const revision1 = await registerRevision(`${IMAGE}:v1`)
    const targetGroupArn = await attachedTargetGroup()
    const created = await createService(targetGroupArn)
    expect(created.deployments).toHaveLength(1)
    expect(created.deployments?.[0]).toMatchObject({ status: 'PRIMARY', rolloutState: 'IN_PROGRESS', taskDefinition: revision1, desiredCount: 2, runningCount: 0, pendingCount: 2 })
    expect(created.deployments?.[0]?.id).toMatch(/^ecs-svc\/\d{19}$/)
    expect(created.deployments?.[0]?.createdAt).toBeInstanceOf(Date)
    expect(created).toMatchObject({ status: 'ACTIVE', platformVersion: 'LATEST', desiredCount: 2, propagateTags: 'SERVICE' })
    expect(created.deploymentConfiguration).toEqual({
      deploymentCircuitBreaker: { enable: true, rollback: true },
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      strategy: 'ROLLING',
    })

    const halfway = await describeService()
    expect(halfway.deployments?.[0]).toMatchObject({ rolloutState: 'IN_PROGRESS', runningCount: 1, pendingCount: 1 })
    expect(halfway.tags).toEqual([{ key: 'ecsctl:service', value: 'web' }])

    const done = await describeService()
    expect(done.deployments).toHaveLength(1)
    expect(done.deployments?.[0]).toMatchObject({ status: 'PRIMARY', rolloutState: 'COMPLETED', runningCount: 2, pendingCount: 0 })
    expect(done.runningCount).toBe(2)
    expect(messages(done)[0]).toBe('(service web) has reached a steady state.')
    expect(messages(done)).toContain(`(service web) (deployment ${done.deployments?.[0]?.id}) deployment completed.`)

    const health = await aws.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }))
    expect(health.TargetHealthDescriptions?.map((d) => [d.Target?.Port, d.TargetHealth?.State])).toEqual([
      [8080, 'healthy'],
      [8080, 'healthy'],
    ])

    const running = await aws.ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: await taskArns('RUNNING'), include: ['TAGS'] }))
    expect(running.tasks?.map((t) => [t.lastStatus, t.group, t.startedBy, t.taskDefinitionArn])).toEqual([
      ['RUNNING', 'service:web', done.deployments?.[0]?.id, revision1],
      ['RUNNING', 'service:web', done.deployments?.[0]?.id, revision1],
    ])
    expect(running.tasks?.[0]?.tags).toEqual([
      { key: 'aws:ecs:clusterName', value: 'prod' },
      { key: 'aws:ecs:serviceName', value: 'web' },
      { key: 'ecsctl:service', value: 'web' },
    ])
  })

  it('replaces the old deployment on a new task definition: old tasks stop, the old deployment leaves the list', async () => {
    await registerRevision(`${IMAGE}:v1`)
    await createService(await attachedTargetGroup())
    await describeService()
    await describeService()
    const oldTasks = await taskArns('RUNNING')

    const revision2 = await registerRevision(`${IMAGE}:v2`)
    const updated = (await aws.ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'web' }))).service
    expect(updated?.taskDefinition).toBe(revision2)
    expect(updated?.deployments?.map((d) => [d.status, d.rolloutState])).toEqual([
      ['PRIMARY', 'IN_PROGRESS'],
      ['ACTIVE', 'COMPLETED'],
    ])
    await describeService()
    const done = await describeService()
    expect(done.deployments?.map((d) => [d.status, d.rolloutState, d.taskDefinition])).toEqual([['PRIMARY', 'COMPLETED', revision2]])

    const stopped = await aws.ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: oldTasks }))
    expect(stopped.tasks?.map((t) => [t.lastStatus, t.stopCode, t.stoppedReason])).toEqual([
      ['STOPPED', 'ServiceSchedulerInitiated', `Scaling activity initiated by (deployment ${updated?.deployments?.[1]?.id})`],
      ['STOPPED', 'ServiceSchedulerInitiated', `Scaling activity initiated by (deployment ${updated?.deployments?.[1]?.id})`],
    ])
  })

  it('forceNewDeployment starts a deployment of the same task definition; a desiredCount change alone does not', async () => {
    await registerRevision(`${IMAGE}:v1`)
    await createService(await attachedTargetGroup())
    await describeService()
    await describeService()

    const scaled = (await aws.ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', desiredCount: 3 }))).service
    expect(scaled?.deployments).toHaveLength(1)
    const afterScaling = await describeService()
    expect(afterScaling).toMatchObject({ desiredCount: 3, runningCount: 3 })
    expect(messages(afterScaling)[0]).toBe('(service web) has reached a steady state.')

    const forced = (await aws.ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', forceNewDeployment: true }))).service
    expect(forced?.deployments?.map((d) => d.status)).toEqual(['PRIMARY', 'ACTIVE'])
    expect(forced?.deployments?.[0]?.taskDefinition).toBe(forced?.deployments?.[1]?.taskDefinition)
  })
})

describe('a deployment whose image crashes', () => {
  it('stops its tasks with the exit reason, fails by the circuit breaker, and rolls back to the last completed deployment', async () => {
    const revision1 = await registerRevision(`${IMAGE}:v1`)
    const targetGroupArn = await attachedTargetGroup()
    await createService(targetGroupArn)
    await describeService()
    const first = await describeService()
    const firstDeployment = first.deployments?.[0]?.id

    const revision2 = await registerRevision(`${IMAGE}:v2-crash`)
    await aws.ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: revision2 }))

    const crashing = await describeService()
    expect(crashing.deployments?.[0]).toMatchObject({ taskDefinition: revision2, rolloutState: 'IN_PROGRESS', failedTasks: 2 })
    expect(messages(crashing)).toContainEqual(expect.stringMatching(/^\(service web\) has stopped 2 running tasks: \(task [0-9a-f]{32}\) \(task [0-9a-f]{32}\)\.$/))
    const health = await aws.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }))
    expect(health.TargetHealthDescriptions?.map((d) => d.TargetHealth)).toContainEqual({
      State: 'unhealthy',
      Reason: 'Target.ResponseCodeMismatch',
      Description: 'Health checks failed with these codes: [502]',
    })
    // The tasks of the completed deployment keep serving meanwhile.
    expect(health.TargetHealthDescriptions?.filter((d) => d.TargetHealth?.State === 'healthy')).toHaveLength(2)

    const failed = await describeService()
    const failedDeployment = failed.deployments?.find((d) => d.taskDefinition === revision2)
    expect(failedDeployment).toMatchObject({ status: 'ACTIVE', rolloutState: 'FAILED', rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.', failedTasks: 4 })
    expect(failed.deployments?.[0]).toMatchObject({ status: 'PRIMARY', rolloutState: 'IN_PROGRESS', taskDefinition: revision1 })
    expect(failed.taskDefinition).toBe(revision1)
    expect(messages(failed)).toContain(`(service web) (deployment ${failedDeployment?.id}) deployment failed: tasks failed to start.`)
    expect(messages(failed)).toContain(`(service web) rolling back to deployment ${firstDeployment}.`)

    await describeService()
    const rolledBack = await describeService()
    expect(rolledBack.deployments?.map((d) => [d.status, d.rolloutState, d.taskDefinition])).toEqual([['PRIMARY', 'COMPLETED', revision1]])
    expect(messages(rolledBack)[0]).toBe('(service web) has reached a steady state.')

    const stopped = await aws.ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: await taskArns('STOPPED') }))
    const crashed = stopped.tasks?.filter((t) => t.taskDefinitionArn === revision2) ?? []
    expect(crashed).toHaveLength(4)
    for (const task of crashed) {
      expect(task).toMatchObject({ lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited' })
      expect(task.containers?.[0]).toMatchObject({ name: 'app', lastStatus: 'STOPPED', exitCode: 1 })
      expect(task.stoppedAt).toBeInstanceOf(Date)
    }

    // The crashing container's last words are in its awslogs stream.
    const taskId = crashed[0]?.taskArn?.split('/').pop()
    const stream = await aws.logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/web', logStreamName: `app/app/${taskId}`, startFromHead: true }))
    expect(stream.events?.map((e) => e.message)).toContain('Error: cannot connect to database: connect ECONNREFUSED 10.0.3.17:5432')
    const found = await aws.logs.send(new FilterLogEventsCommand({ logGroupName: '/ecs/web', filterPattern: '"cannot connect to database"' }))
    expect(found.events).toHaveLength(4)
    expect(found.events?.[0]?.logStreamName).toMatch(/^app\/app\/[0-9a-f]{32}$/)
  })

  it('without rollback stays FAILED and PRIMARY, and starts no more tasks', async () => {
    await registerRevision(`${IMAGE}:crash`)
    await createService(await attachedTargetGroup(), { enable: true, rollback: false })
    await describeService()
    const failed = await describeService()
    expect(failed.deployments?.map((d) => [d.status, d.rolloutState])).toEqual([['PRIMARY', 'FAILED']])
    const later = await describeService()
    expect(later.deployments?.[0]).toMatchObject({ rolloutState: 'FAILED', failedTasks: 4, runningCount: 0 })
    expect(await taskArns('RUNNING')).toEqual([])
  })

  it('without the circuit breaker keeps trying, IN_PROGRESS, as ECS does', async () => {
    await registerRevision(`${IMAGE}:crash`)
    await createService(await attachedTargetGroup(), { enable: false, rollback: false })
    for (let i = 0; i < 4; i++) await describeService()
    const service = await describeService()
    expect(service.deployments?.[0]).toMatchObject({ rolloutState: 'IN_PROGRESS', failedTasks: 10 })
  })
})

describe('an image that is not in its ECR repository', () => {
  it('stops tasks before they run with CannotPullContainerError', async () => {
    endpoint.seed.image('web', 'v1')
    await registerRevision(`${IMAGE}:v9`)
    await createService(await attachedTargetGroup())
    const service = await describeService()
    expect(service.deployments?.[0]?.failedTasks).toBe(2)
    const stopped = await aws.ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: await taskArns('STOPPED') }))
    expect(stopped.tasks?.[0]).toMatchObject({
      stopCode: 'TaskFailedToStart',
      stoppedReason: `CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve ref ${IMAGE}:v9: ${IMAGE}:v9: not found`,
    })
    expect(stopped.tasks?.[0]?.startedAt).toBeUndefined()
    expect(stopped.tasks?.[0]?.containers?.[0]?.exitCode).toBeUndefined()
  })
})

describe('deleting a service', () => {
  it('needs a count of 0 or force, stops the tasks, drains, and then the service is INACTIVE', async () => {
    await registerRevision(`${IMAGE}:v1`)
    await createService(await attachedTargetGroup())
    await describeService()
    await describeService()
    await expect(aws.ecs.send(new DeleteServiceCommand({ cluster: 'prod', service: 'web' }))).rejects.toThrow('The service cannot be stopped while it is scaled above 0.')
    const deleted = await aws.ecs.send(new DeleteServiceCommand({ cluster: 'prod', service: 'web', force: true }))
    expect(deleted.service?.status).toBe('DRAINING')
    expect(await taskArns('RUNNING')).toEqual([])
    expect((await describeService()).status).toBe('DRAINING')
    expect((await describeService()).status).toBe('INACTIVE')
    // A service of the same name may be created again once the old one is inactive.
    await expect(createService(endpoint.state.elbv2.targetGroups.keys().next().value ?? '')).resolves.toMatchObject({ status: 'ACTIVE' })
  })
})

describe('standalone tasks (RunTask)', () => {
  const runInput = (image: string) => ({
    cluster: 'prod',
    taskDefinition: image,
    launchType: 'FARGATE' as const,
    networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1'] } },
    overrides: { containerOverrides: [{ name: 'app', command: ['node', 'report.js'] }] },
    startedBy: 'ecsctl',
  })

  it('run, then stop with exit code 0 after the steps', async () => {
    const revision = await registerRevision(`${IMAGE}:v1`)
    const run = await aws.ecs.send(new RunTaskCommand(runInput(revision)))
    const taskArn = run.tasks?.[0]?.taskArn ?? ''
    expect(run.tasks?.[0]).toMatchObject({ lastStatus: 'PROVISIONING', desiredStatus: 'RUNNING', startedBy: 'ecsctl', overrides: runInput(revision).overrides })
    const describe = async () => (await aws.ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: [taskArn] }))).tasks?.[0]
    expect((await describe())?.lastStatus).toBe('RUNNING')
    const stopped = await describe()
    expect(stopped).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited' })
    expect(stopped?.containers?.[0]?.exitCode).toBe(0)
  })

  it('exit with code 1 when the image crashes', async () => {
    const revision = await registerRevision(`${IMAGE}:report-crash`)
    const run = await aws.ecs.send(new RunTaskCommand(runInput(revision)))
    const taskArn = run.tasks?.[0]?.taskArn ?? ''
    await aws.ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: [taskArn] }))
    const stopped = (await aws.ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: [taskArn] }))).tasks?.[0]
    expect(stopped?.containers?.[0]?.exitCode).toBe(1)
    const missing = await aws.ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: ['0123456789abcdef0123456789abcdef'] }))
    expect(missing.failures).toEqual([{ arn: `arn:aws:ecs:us-east-1:${ACCOUNT}:task/prod/0123456789abcdef0123456789abcdef`, reason: 'MISSING' }])
  })
})
