// deploy() from the first read to the end of the rollout, against mocked clients that answer reads
// from a fixture state: STS and the reads together, the image check before any write, the waiter
// following the deployment the update started (success, rollback, timeout, Ctrl-C) with an injected
// clock and sleep, --image, --dry-run, --no-wait, and several services at once.
import type { Deployment, Service } from '@aws-sdk/client-ecs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createClients, type AwsClients } from '../../src/lib/aws/clients.js'
import type { LiveState } from '../../src/lib/aws/live-state.js'
import { deploy, deployResultToJson, parseImageOverrides, withImageOverrides, type DeployDeps, type DeployOptions } from '../../src/lib/deploy/deploy.js'
import type { ServiceTarget } from '../../src/lib/deploy/services.js'
import { EcsctlError } from '../../src/lib/errors.js'
import type { Manifest } from '../../src/lib/manifest/schema.js'
import { loadExample } from '../support/examples.js'
import { DEPLOYED_REVISION, liveStateAfterDeploy, liveStateBeforeFirstDeploy } from '../plan/fixtures/live-after-deploy.js'
import { edited, editedLive, present } from '../plan/support.js'
import { answer, answerWrites, expectNothingUnexpected, inputsOf, NEW_DEPLOYMENT, resetAws, sent, serveReads, writeOperations, type ReadOptions } from './deploy-harness.js'
import { at, fakeTime, recordingProgress, type RecordedProgress } from './support.js'

const shop = loadExample('fargate-web')
const SHOP_ACCOUNT = '210987654321'
const shopRevision = (n: number) => `arn:aws:ecs:eu-west-1:${SHOP_ACCOUNT}:task-definition/shop-frontend:${n}`

const clientsByRegion = new Map<string, AwsClients>()

beforeEach(() => {
  resetAws()
  clientsByRegion.clear()
})

afterEach(() => expectNothingUnexpected())

const target = (manifest: Manifest, file = 'ecsctl.yml'): ServiceTarget => ({ file, manifest, region: manifest.region })

interface Harness {
  deps: DeployDeps
  progress: Map<string, RecordedProgress>
  time: ReturnType<typeof fakeTime>
}

function harness(overrides: Partial<DeployDeps> = {}): Harness {
  const time = fakeTime()
  const progress = new Map<string, RecordedProgress>()
  const deps: DeployDeps = {
    clientsFor: (region) => {
      const key = region ?? 'us-east-1'
      let clients = clientsByRegion.get(key)
      if (!clients) {
        clients = createClients({ region: key })
        clientsByRegion.set(key, clients)
      }
      return clients
    },
    sleep: time.sleep,
    now: time.now,
    progressFor: (label) => {
      const reporter = recordingProgress()
      progress.set(label ?? '', reporter)
      return reporter
    },
    ...overrides,
  }
  return { deps, progress, time }
}

/** The waiter's view of service shop-frontend: one PRIMARY deployment, ours, and maybe others. */
function polled(ours: Partial<Deployment>, others: Deployment[] = [], name = 'shop-frontend'): Service {
  return {
    serviceName: name,
    status: 'ACTIVE',
    deployments: [
      { id: NEW_DEPLOYMENT, status: 'PRIMARY', taskDefinition: shopRevision(8), desiredCount: 2, runningCount: 0, pendingCount: 0, failedTasks: 0, rolloutState: 'IN_PROGRESS', createdAt: at(0), ...ours },
      ...others,
    ],
    events: [],
  }
}

const completed = (name = 'shop-frontend') => polled({ rolloutState: 'COMPLETED', runningCount: 2 }, [], name)

/** shop-frontend deployed before, now with image tag v2. */
const shopV2 = edited(shop, (m) => {
  const web = present(m.containers.web, 'container')
  web.image = web.image.replace(/:[^:]+$/, ':v2')
})

async function setUp(live: LiveState, reads: ReadOptions = {}): Promise<void> {
  await serveReads(live, { accountId: SHOP_ACCOUNT, ...reads })
  await answerWrites({ region: 'eu-west-1', accountId: SHOP_ACCOUNT, revision: 8 })
}

const run = (manifests: Manifest[], h: Harness, options: Partial<DeployOptions> = {}) => deploy({ targets: manifests.map((m) => target(m)), ...options }, h.deps)

describe('one service', () => {
  it('first deploy: STS with the reads, images checked before any write, then apply, then the rollout followed to COMPLETED', async () => {
    await setUp(liveStateBeforeFirstDeploy(shop), { polls: [polled({}), polled({ runningCount: 1 }), completed()] })
    const h = harness()

    const result = await run([shop], h)

    expect(result.exitCode).toBe(0)
    const service = present(result.services[0], 'result')
    expect(service).toMatchObject({ service: 'shop-frontend', cluster: 'staging', region: 'eu-west-1', outcome: 'completed', exitCode: 0, deploymentId: NEW_DEPLOYMENT })
    expect(service.taskDefinition).toEqual({ arn: shopRevision(8), revision: 'shop-frontend:8', registered: true })
    expect(service.actions.map((a) => `${a.action} ${a.resource}`)).toEqual([
      'create log group /ecs/shop-frontend',
      'create task definition shop-frontend',
      'create target group staging-shop-frontend-3000',
      'create listener rule staging-shop-frontend-3000',
      'create service shop-frontend',
    ])
    // The account comes from STS; the first image check precedes the first write.
    const operations = sent.map((r) => r.operation)
    expect(operations).toContain('GetCallerIdentity')
    expect(operations.indexOf('DescribeImages')).toBeLessThan(operations.indexOf('CreateLogGroup'))
    expect(inputsOf('DescribeImages')).toEqual([{ registryId: SHOP_ACCOUNT, repositoryName: 'shop-frontend', imageIds: [{ imageTag: 'v1.2.3' }] }])
    // The waiter polled three times, sleeping between polls on the injected clock.
    expect(h.time.sleeps).toHaveLength(2)
    expect(service.durationMs).toBe(h.time.sleeps.reduce((a, b) => a + b, 0))
    const progress = present(h.progress.get(''), 'progress')
    expect(progress.texts('event')).toContain('+ service shop-frontend: created, deployment ecs-svc/5555555555555555555')
    expect(progress.texts('event')).toContain('+ task definition shop-frontend: registered shop-frontend:8')
    expect(progress.texts('event').filter((text) => text.includes('shop-frontend:8'))).toHaveLength(1)
    expect(progress.texts('done')).toEqual([expect.stringContaining(`deployment ${NEW_DEPLOYMENT} COMPLETED`)])
  })

  it('the same manifest again: no write, no revision, no wait, and it says the revision was reused', async () => {
    await setUp(liveStateAfterDeploy(shop))
    const h = harness()

    const result = await run([shop], h)

    expect(writeOperations()).toEqual([])
    expect(result.services[0]).toMatchObject({
      outcome: 'no changes',
      exitCode: 0,
      actions: [],
      taskDefinition: { arn: shopRevision(DEPLOYED_REVISION), registered: false },
    })
    expect(h.time.sleeps).toEqual([])
    expect(present(h.progress.get(''), 'progress').texts('event')).toContain(`task definition shop-frontend:${DEPLOYED_REVISION} reused: the manifest matches the latest ACTIVE revision`)
  })

  it('the waiter is told the revision that ran before, and follows the deployment UpdateService started', async () => {
    await setUp(liveStateAfterDeploy(shop), { polls: [completed()] })
    const result = await run([shopV2], harness())
    expect(writeOperations()).toEqual(['RegisterTaskDefinition', 'UpdateService'])
    expect(result.services[0]).toMatchObject({ outcome: 'completed', deploymentId: NEW_DEPLOYMENT, taskDefinition: { revision: 'shop-frontend:8', registered: true } })
  })

  it('rolled back by the circuit breaker: exit 5, outcome "rolled back", never a success, the applied changes still listed', async () => {
    const previous = shopRevision(DEPLOYED_REVISION)
    await setUp(liveStateAfterDeploy(shop), {
      polls: [
        polled({}),
        polled({ status: 'ACTIVE', rolloutState: 'FAILED', failedTasks: 2 }, [
          { id: 'ecs-svc/rollback', status: 'PRIMARY', taskDefinition: previous, rolloutState: 'IN_PROGRESS', createdAt: at(60), desiredCount: 2, runningCount: 2 },
        ]),
      ],
    })
    const { ListTasksCommand } = await import('@aws-sdk/client-ecs')
    answer('ecs', ListTasksCommand, () => ({ taskArns: [] }))
    const h = harness()

    const result = await run([shopV2], h)

    expect(result.exitCode).toBe(5)
    const service = present(result.services[0], 'result')
    expect(service.outcome).toBe('rolled back')
    expect(service.error?.kind).toBe('rollout')
    expect(service.error?.message).toContain('failed; ECS is rolling the service back to shop-frontend:7.')
    expect(service.actions.map((a) => a.resource)).toEqual(['task definition shop-frontend', 'service shop-frontend'])
    expect(present(h.progress.get(''), 'progress').texts('done')).toEqual([])
  })

  it('a crashing image: exit 5 with the stopped reason, the exit code and the last log lines', async () => {
    await setUp(liveStateAfterDeploy(shop), {
      polls: [polled({ status: 'PRIMARY', rolloutState: 'FAILED', failedTasks: 3 })],
    })
    const ecs = await import('@aws-sdk/client-ecs')
    const logs = await import('@aws-sdk/client-cloudwatch-logs')
    const taskArn = `arn:aws:ecs:eu-west-1:${SHOP_ACCOUNT}:task/staging/0123456789abcdef`
    answer('ecs', ecs.ListTasksCommand, () => ({ taskArns: [taskArn] }))
    answer('ecs', ecs.DescribeTasksCommand, () => ({
      tasks: [
        {
          taskArn,
          startedBy: NEW_DEPLOYMENT,
          taskDefinitionArn: shopRevision(8),
          stoppedAt: at(30),
          stopCode: 'EssentialContainerExited',
          stoppedReason: 'Essential container in task exited',
          containers: [{ name: 'web', exitCode: 1, lastStatus: 'STOPPED' }],
        },
      ],
    }))
    answer('logs', logs.GetLogEventsCommand, () => ({ events: [{ timestamp: at(29).getTime(), message: 'Error: Cannot find module /app/server.js' }] }))

    const result = await run([shopV2], harness())

    const service = present(result.services[0], 'result')
    expect(service.exitCode).toBe(5)
    expect(service.outcome).toBe('failed')
    expect(service.error?.message).toContain('Essential container in task exited')
    expect(service.error?.message).toContain('    web: exit code 1')
    expect(service.error?.message).toContain('Error: Cannot find module /app/server.js')
  })

  it('a rollout that does not finish in time: exit 6, outcome "timed out"', async () => {
    await setUp(liveStateAfterDeploy(shop), { polls: [polled({ runningCount: 1 })] })
    const h = harness()
    const result = await run([shopV2], h, { timeoutMs: 30_000 })
    expect(result.exitCode).toBe(6)
    expect(result.services[0]?.outcome).toBe('timed out')
    expect(result.services[0]?.error?.hint).toMatch(/ECS carries on with the rollout/)
    // It stopped at the deadline, not before and not long after.
    expect(h.time.now() - at(0).getTime()).toBeGreaterThanOrEqual(30_000)
    expect(h.time.now() - at(0).getTime()).toBeLessThan(40_000)
  })

  it("the manifest's deployment.timeout applies without --timeout", async () => {
    await setUp(liveStateAfterDeploy(shop), { polls: [polled({ runningCount: 1 })] })
    const h = harness()
    const result = await run([edited(shopV2, (m) => void (m.deployment.timeout = '1m'))], h)
    expect(result.services[0]?.outcome).toBe('timed out')
    expect(h.time.now() - at(0).getTime()).toBeGreaterThanOrEqual(60_000)
    expect(h.time.now() - at(0).getTime()).toBeLessThan(70_000)
  })

  it('Ctrl-C while waiting: exit 130, what was applied, and that ECS carries on', async () => {
    await setUp(liveStateAfterDeploy(shop), { polls: [polled({ runningCount: 1 })] })
    const controller = new AbortController()
    const h = harness({
      // The user presses Ctrl-C during the first pause; a real sleep then rejects at once.
      sleep: (_ms, signal) => {
        controller.abort()
        return Promise.reject(signal?.reason ?? new Error('aborted'))
      },
    })
    const result = await run([shopV2], h, { signal: controller.signal })
    expect(result.exitCode).toBe(130)
    const service = present(result.services[0], 'result')
    expect(service.outcome).toBe('interrupted')
    expect(service.error?.message).toMatch(/ECS carries on with the rollout/)
    expect(service.actions.map((a) => a.resource)).toEqual(['task definition shop-frontend', 'service shop-frontend'])
  })

  it('Ctrl-C before the first write: nothing applied, every change listed as not applied', async () => {
    await setUp(liveStateAfterDeploy(shop))
    const controller = new AbortController()
    controller.abort()
    const result = await run([shopV2], harness(), { signal: controller.signal })
    expect(writeOperations()).toEqual([])
    expect(result.services[0]).toMatchObject({ outcome: 'interrupted', exitCode: 130, actions: [], notApplied: ['update task definition shop-frontend', 'update service shop-frontend'] })
  })

  it('Ctrl-C between two steps: the next one does not start; what was applied and what was not', async () => {
    await setUp(liveStateAfterDeploy(shop))
    const controller = new AbortController()
    const h = harness()
    const recording = h.deps.progressFor
    const deps: DeployDeps = {
      ...h.deps,
      progressFor: (label) => {
        const progress = recording(label)
        // Pressed while the first change is being applied: it completes, and nothing after it starts.
        return { ...progress, event: (text, when) => (text.startsWith('~ ') && controller.abort(), progress.event(text, when)) }
      },
    }
    const result = await deploy({ targets: [target(shopV2)], signal: controller.signal }, deps)
    expect(writeOperations()).toEqual(['RegisterTaskDefinition'])
    expect(result.services[0]).toMatchObject({
      outcome: 'interrupted',
      exitCode: 130,
      actions: [{ resource: 'task definition shop-frontend' }],
      notApplied: ['update service shop-frontend'],
      taskDefinition: { revision: 'shop-frontend:8', registered: true },
    })
  })

  it('--no-wait: returns once ECS accepted the update, with the deployment id', async () => {
    await setUp(liveStateAfterDeploy(shop))
    const h = harness()
    const result = await run([shopV2], h, { wait: false })
    expect(result.services[0]).toMatchObject({ outcome: 'started', exitCode: 0, deploymentId: NEW_DEPLOYMENT })
    expect(h.time.sleeps).toEqual([])
  })

  it('--dry-run: the plan, the image check, and no write at all', async () => {
    await setUp(liveStateAfterDeploy(shop))
    const result = await run([shopV2], harness(), { dryRun: true })
    expect(writeOperations()).toEqual([])
    expect(inputsOf('DescribeImages')).toHaveLength(1)
    const service = present(result.services[0], 'result')
    expect(service.outcome).toBe('planned')
    expect(service.plan?.resources.filter((r) => r.action !== 'unchanged').map((r) => r.resource)).toEqual(['task definition shop-frontend', 'service shop-frontend'])
    const json = deployResultToJson(result)
    expect(JSON.parse(JSON.stringify(json))).toMatchObject({ services: [{ plan: { hasChanges: true, summary: { update: 2 } } }] })
  })

  it('--dry-run fails where the deploy would: a change ecsctl refuses is exit 2, with the plan', async () => {
    await setUp(
      editedLive(liveStateAfterDeploy(shop), (live) => {
        const service = present(live.service, 'service')
        service.launchType = 'EC2'
        delete service.platformVersion
      }),
    )
    const result = await run([shop], harness(), { dryRun: true })
    expect(writeOperations()).toEqual([])
    expect(result.services[0]).toMatchObject({ outcome: 'error', exitCode: 2, error: { kind: 'invalid', message: expect.stringContaining('launchType cannot change') } })
    expect(result.services[0]?.plan).toBeDefined()
  })

  it('--no-wait with an access point replaced: the old one is left for the next deploy, and the result says so', async () => {
    const complete = loadExample('complete')
    await serveReads(liveStateAfterDeploy(complete))
    await answerWrites({ revision: 8 })
    const moved = edited(complete, (m) => {
      const efs = present(m.volumes?.data?.efs, 'efs')
      efs.accessPoint = { path: '/web-v2' }
    })
    const result = await run([moved], harness(), { wait: false })
    expect(writeOperations()).not.toContain('DeleteAccessPoint')
    expect(result.services[0]).toMatchObject({ outcome: 'started', notApplied: ['delete access point prod-web-data'] })
    expect(result.services[0]?.notes).toContainEqual(expect.stringMatching(/^Not deleted yet \(they are still in use until the deployment completes\): delete access point prod-web-data/))
  })

  it('with the wait: the old access point is deleted once the deployment completed', async () => {
    const complete = loadExample('complete')
    const live = liveStateAfterDeploy(complete)
    const old = present(live.accessPoints['fs-0123456789abcdef0']?.[0]?.AccessPointId, 'access point')
    await serveReads(live, { polls: [completed('web')] })
    await answerWrites({ revision: 8 })
    const moved = edited(complete, (m) => {
      const efs = present(m.volumes?.data?.efs, 'efs')
      efs.accessPoint = { path: '/web-v2' }
    })
    const result = await run([moved], harness())
    expect(result.services[0]?.outcome).toBe('completed')
    const operations = writeOperations()
    expect(operations.at(-1)).toBe('DeleteAccessPoint')
    expect(inputsOf('DeleteAccessPoint')).toEqual([{ AccessPointId: old }])
    // The delete came after the waiter saw the deployment complete.
    const lastPoll = sent.map((r) => r.operation === 'DescribeServices' && !r.input.include).lastIndexOf(true)
    expect(sent.findIndex((r) => r.operation === 'DeleteAccessPoint')).toBeGreaterThan(lastPoll)
  })

  it('a tag missing from ECR: exit 4 before any write', async () => {
    await setUp(liveStateAfterDeploy(shop), { missingImages: ['shop-frontend:v2'] })
    const result = await run([shopV2], harness())
    expect(writeOperations()).toEqual([])
    expect(result.exitCode).toBe(4)
    expect(result.services[0]?.error?.message).toMatch(/tag "v2" is not in repository "shop-frontend"/)
  })
})

describe('--image', () => {
  it('replaces the image of that container before planning: a new revision with it', async () => {
    await setUp(liveStateAfterDeploy(shop), { polls: [completed()] })
    const image = `${SHOP_ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/shop-frontend:sha-abc123`
    const targets = withImageOverrides([target(shop)], parseImageOverrides([`web=${image}`]))
    const result = await deploy({ targets }, harness().deps)
    expect(result.exitCode).toBe(0)
    const registered = inputsOf<{ containerDefinitions: { name: string; image: string }[] }>('RegisterTaskDefinition')
    expect(registered.map((input) => input.containerDefinitions[0]?.image)).toEqual([image])
    expect(inputsOf('DescribeImages')).toEqual([{ registryId: SHOP_ACCOUNT, repositoryName: 'shop-frontend', imageIds: [{ imageTag: 'sha-abc123' }] }])
  })

  it('the image already deployed: nothing to do', async () => {
    await setUp(liveStateAfterDeploy(shop))
    const targets = withImageOverrides([target(shop)], parseImageOverrides([`web=${present(shop.containers.web, 'web').image}`]))
    const result = await deploy({ targets }, harness().deps)
    expect(result.services[0]?.outcome).toBe('no changes')
  })

  it('a container no manifest has, or a value without "=": usage errors (exit 2)', () => {
    expect(() => withImageOverrides([target(shop)], { api: 'nginx:1' })).toThrow(/--image names "api", which no manifest has as a container/)
    for (const value of ['web', '=nginx', 'web=']) {
      let error: unknown
      try {
        parseImageOverrides([value])
      } catch (e) {
        error = e
      }
      expect(error, value).toBeInstanceOf(EcsctlError)
      expect((error as EcsctlError).exitCode).toBe(2)
    }
  })
})

describe('several services', () => {
  const api = edited(shop, (m) => {
    m.name = 'shop-api'
    delete m.loadBalancers
    const web = present(m.containers.web, 'web')
    web.image = web.image.replace('shop-frontend:', 'shop-api:')
  })

  it('one failing does not stop the others; the exit code is the worst outcome', async () => {
    // shop-frontend is deployed and unchanged; shop-api's image is missing.
    await setUp(liveStateAfterDeploy(shop), { missingImages: ['shop-api:v1.2.3'] })
    const result = await run([shop, api], harness())
    expect(result.services.map((s) => [s.service, s.outcome, s.exitCode])).toEqual([
      ['shop-frontend', 'no changes', 0],
      ['shop-api', 'error', 4],
    ])
    expect(result.exitCode).toBe(4)
  })

  it('at most --concurrency at a time: with 1, one service ends before the next starts', async () => {
    await setUp(liveStateAfterDeploy(shop))
    const h = harness()
    const order: string[] = []
    const counted: DeployDeps = {
      ...h.deps,
      progressFor: (label) => {
        order.push(`start ${label ?? ''}`)
        return h.deps.progressFor(label)
      },
      now: () => {
        order.push('tick')
        return h.deps.now()
      },
    }
    await deploy({ targets: [target(shop), target(api), target(edited(api, (m) => void (m.name = 'shop-admin')))], concurrency: 1 }, counted)
    const starts = order.flatMap((entry, index) => (entry.startsWith('start') ? [index] : []))
    expect(order.filter((e) => e.startsWith('start'))).toEqual(['start shop-frontend', 'start shop-api', 'start shop-admin'])
    // Each service reads the clock when it starts and when it ends: with one at a time, two ticks lie between starts.
    for (let i = 1; i < starts.length; i++) expect(order.slice(starts[i - 1], starts[i]).filter((e) => e === 'tick').length).toBeGreaterThanOrEqual(2)
  })

  it('labels each service in the progress log and gives every service a result', async () => {
    await setUp(liveStateAfterDeploy(shop))
    const h = harness()
    const result = await run([shop, api], h, { concurrency: 2 })
    expect([...h.progress.keys()].sort()).toEqual(['shop-api', 'shop-frontend'])
    expect(result.services).toHaveLength(2)
    const json = JSON.parse(JSON.stringify(deployResultToJson(result))) as { exitCode: number; services: Record<string, unknown>[] }
    expect(Object.keys(present(json.services[0], 'json')).sort()).toEqual(
      ['actions', 'cluster', 'deploymentId', 'durationMs', 'exitCode', 'file', 'notApplied', 'notes', 'outcome', 'region', 'service', 'taskDefinition'].sort(),
    )
  })
})
