// `ecsctl deploy` run in-process as a user runs it (flags, output, exit code), with the SDK clients
// it creates answered by aws-sdk-client-mock from a fixture state.
import { captureOutput } from '@oclif/test'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import Deploy from '../../src/commands/deploy.js'
import { loadExample } from '../support/examples.js'
import { repoRoot } from '../support/cli.js'
import { liveStateAfterDeploy } from '../plan/fixtures/live-after-deploy.js'
import { present } from '../plan/support.js'
import { answer, answerWrites, expectNothingUnexpected, inputsOf, NEW_DEPLOYMENT, resetAws, sent, serveReads, writeOperations } from '../deploy/deploy-harness.js'
import { awsError } from '../deploy/support.js'

const SHOP = 'examples/fargate-web.yml'
const ACCOUNT = '210987654321'
const IMAGE_V2 = `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/shop-frontend:v2`
const shop = loadExample('fargate-web')

beforeEach(async () => {
  resetAws()
  vi.stubEnv('IMAGE_TAG', 'v1.2.3')
  for (const name of ['AWS_PROFILE', 'AWS_REGION', 'ECSCTL_FILE', 'ECSCTL_ENV', 'ECSCTL_JSON', 'ECSCTL_REGION']) vi.stubEnv(name, undefined)
  await serveReads(liveStateAfterDeploy(shop), {
    accountId: ACCOUNT,
    polls: [{ serviceName: 'shop-frontend', status: 'ACTIVE', deployments: [{ id: NEW_DEPLOYMENT, status: 'PRIMARY', rolloutState: 'COMPLETED', desiredCount: 2, runningCount: 2 }], events: [] }],
  })
  await answerWrites({ region: 'eu-west-1', accountId: ACCOUNT, revision: 8 })
})

afterEach(() => {
  vi.unstubAllEnvs()
  expectNothingUnexpected()
})

const deploy = (...argv: string[]) => captureOutput(() => Deploy.run(argv, repoRoot))
const exitCodeOf = (error: (Error & { oclif?: { exit?: number } }) | undefined) => (error ? (error.oclif?.exit ?? 1) : 0)

describe('ecsctl deploy', () => {
  it('an unchanged service: exit 0, no write, and the revision reused', async () => {
    const { stdout, error } = await deploy('-f', SHOP)
    expect(exitCodeOf(error)).toBe(0)
    expect(writeOperations()).toEqual([])
    expect(stdout).toMatch(/^Service shop-frontend in cluster staging: no changes in \d+s$/m)
    expect(stdout).toContain('task definition shop-frontend:7 reused (unchanged)')
  })

  it('--image and --json: one result object with the revision registered, the deployment, the outcome, the duration and the actions', async () => {
    const { stdout, error } = await deploy('-f', SHOP, '--image', `web=${IMAGE_V2}`, '--json')
    expect(exitCodeOf(error)).toBe(0)
    expect(inputsOf<{ containerDefinitions: { image: string }[] }>('RegisterTaskDefinition')[0]?.containerDefinitions[0]?.image).toBe(IMAGE_V2)
    const result = JSON.parse(stdout) as { exitCode: number; services: Record<string, unknown>[] }
    expect(result.exitCode).toBe(0)
    expect(result.services).toHaveLength(1)
    expect(result.services[0]).toMatchObject({
      file: expect.stringContaining('fargate-web.yml'),
      service: 'shop-frontend',
      cluster: 'staging',
      region: 'eu-west-1',
      outcome: 'completed',
      exitCode: 0,
      taskDefinition: { arn: `arn:aws:ecs:eu-west-1:${ACCOUNT}:task-definition/shop-frontend:8`, revision: 'shop-frontend:8', registered: true },
      deploymentId: NEW_DEPLOYMENT,
      durationMs: expect.any(Number),
      actions: [
        { resource: 'task definition shop-frontend', action: 'update', requests: ['ecs:RegisterTaskDefinition'], note: 'registered shop-frontend:8' },
        { resource: 'service shop-frontend', action: 'update', requests: ['ecs:UpdateService'], note: `deployment ${NEW_DEPLOYMENT} started` },
      ],
      notApplied: [],
    })
  })

  it('--dry-run prints the plan as diff does and sends no write', async () => {
    const { stdout, error } = await deploy('-f', SHOP, '--image', `web=${IMAGE_V2}`, '--dry-run')
    expect(exitCodeOf(error)).toBe(0)
    expect(writeOperations()).toEqual([])
    expect(stdout).toContain('~ task definition shop-frontend: new task definition revision')
    expect(stdout).toContain(`~ containerDefinitions[web].image: "${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/shop-frontend:v1.2.3" -> "${IMAGE_V2}"`)
    expect(stdout).toContain('0 to create, 2 to update, 0 to delete')
  })

  it('--no-wait returns once ECS accepted the update', async () => {
    const { stdout, error } = await deploy('-f', SHOP, '--image', `web=${IMAGE_V2}`, '--no-wait')
    expect(exitCodeOf(error)).toBe(0)
    expect(stdout).toContain('Service shop-frontend in cluster staging: started')
    expect(stdout).toContain(`deployment ${NEW_DEPLOYMENT}`)
    expect(sent.filter((r) => r.operation === 'DescribeServices' && !r.input.include)).toEqual([])
  })

  it('Ctrl-C while waiting: exit 130, says ECS carries on, and lets go of the signal afterwards', async () => {
    const before = process.listeners('SIGINT').length
    // The first poll shows the rollout in progress; the user presses Ctrl-C as it is answered.
    await serveReads(liveStateAfterDeploy(shop), {
      accountId: ACCOUNT,
      polls: [{ serviceName: 'shop-frontend', status: 'ACTIVE', deployments: [{ id: NEW_DEPLOYMENT, status: 'PRIMARY', rolloutState: 'IN_PROGRESS', desiredCount: 2, runningCount: 0 }], events: [] }],
    })
    const { DescribeServicesCommand } = await import('@aws-sdk/client-ecs')
    const { aws } = await import('../deploy/deploy-harness.js')
    const pressCtrlC = setInterval(() => {
      const polls = aws.ecs.commandCalls(DescribeServicesCommand).filter((call) => !call.args[0].input.include)
      if (polls.length > 0) {
        clearInterval(pressCtrlC)
        // The handler the command installed: the newest one (vitest has its own, which must not run).
        const handler = process.listeners('SIGINT').at(-1) as (signal: NodeJS.Signals) => void
        handler('SIGINT')
      }
    }, 5)
    const { stdout, stderr, error } = await deploy('-f', SHOP, '--image', `web=${IMAGE_V2}`)
    clearInterval(pressCtrlC)
    expect(exitCodeOf(error)).toBe(130)
    expect(stdout).toContain('Service shop-frontend in cluster staging: interrupted')
    expect(stderr).toContain('Interrupted: finishing the request in flight, then stopping.')
    expect(stderr).toMatch(/ECS carries on with the rollout; ecsctl did not cancel it/)
    expect(process.listeners('SIGINT')).toHaveLength(before)
  })

  it('usage errors exit 2 before any AWS call', async () => {
    for (const argv of [
      ['--image', 'api=nginx:1'],
      ['--image', 'web'],
      ['--timeout', '15 minutes'],
      ['--concurrency', '0'],
    ]) {
      const { stderr, error } = await deploy('-f', SHOP, ...argv)
      expect(exitCodeOf(error), argv.join(' ')).toBe(2)
      expect(stderr, argv.join(' ')).toMatch(/Error|Expected/)
    }
    expect(sent).toEqual([])
  })

  it('a failing step: exit 4, and under --json what was applied and what was not', async () => {
    const { UpdateServiceCommand } = await import('@aws-sdk/client-ecs')
    answer('ecs', UpdateServiceCommand, () => {
      throw awsError('AccessDeniedException', 'User is not authorized to perform: ecs:UpdateService')
    })
    const { stdout, error } = await deploy('-f', SHOP, '--image', `web=${IMAGE_V2}`, '--json')
    expect(exitCodeOf(error)).toBe(4)
    const service = present((JSON.parse(stdout) as { services: Record<string, unknown>[] }).services[0], 'service')
    expect(service).toMatchObject({
      outcome: 'error',
      exitCode: 4,
      taskDefinition: { revision: 'shop-frontend:8', registered: true },
      actions: [{ resource: 'task definition shop-frontend' }],
      notApplied: ['update service shop-frontend'],
      error: { kind: 'aws', message: expect.stringContaining('stopped at update service shop-frontend'), hint: expect.stringContaining('Allow ecs:UpdateService') },
    })
  })

  it('a failing step in text: the error, what was applied and what was not', async () => {
    const { UpdateServiceCommand } = await import('@aws-sdk/client-ecs')
    answer('ecs', UpdateServiceCommand, () => {
      throw awsError('AccessDeniedException', 'User is not authorized to perform: ecs:UpdateService')
    })
    const { stdout, stderr, error } = await deploy('-f', SHOP, '--image', `web=${IMAGE_V2}`)
    expect(exitCodeOf(error)).toBe(4)
    expect(stdout).toContain('Service shop-frontend in cluster staging: error in')
    expect(stdout).toContain('  1 change applied: 1 updated')
    expect(stderr).toContain('~ task definition shop-frontend: registered shop-frontend:8')
    expect(stderr).toContain('Error: Service shop-frontend in cluster staging: the deploy stopped at update service shop-frontend')
    expect(stderr).toContain('Applied: task definition shop-frontend (registered shop-frontend:8; ecs:RegisterTaskDefinition).')
    expect(stderr).toContain('Not applied: update service shop-frontend.')
  })

  it('several manifests: a summary table, and the worst exit code', async () => {
    // complete.yml's image is not in ECR: that service fails (exit 4), shop-frontend is deployed all the same.
    await serveReads(liveStateAfterDeploy(shop), { accountId: ACCOUNT, missingImages: ['web:v1.2.3'] })
    const { stdout, stderr, error } = await deploy('-f', SHOP, '-f', 'examples/complete.yml')
    expect(exitCodeOf(error)).toBe(4)
    expect(stderr).toContain('Error: web: 2 images do not exist in ECR')
    const lines = stdout.trimEnd().split('\n')
    const table = lines.slice(lines.findIndex((line) => line.startsWith('SERVICE')))
    expect(table[0]).toMatch(/^SERVICE\s+CLUSTER\s+REVISION\s+OUTCOME\s+DURATION$/)
    expect(table[1]).toMatch(/^shop-frontend\s+staging\s+shop-frontend:7\s+no changes\s+\d+s$/)
    expect(table[2]).toMatch(/^web\s+prod\s+-\s+error\s+\d+s$/)
  })
})
