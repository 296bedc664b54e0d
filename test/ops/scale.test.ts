// ecsctl scale: the checks against the autoscaling range, the requests sent and their order, the
// interactive flow answered by a fake Prompter, and --wait on a clock that only moves when slept.
import {
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
  RegisterScalableTargetCommand,
  type ScalableTarget,
} from '@aws-sdk/client-application-auto-scaling'
import { DescribeServicesCommand, UpdateServiceCommand, type Service } from '@aws-sdk/client-ecs'
import { captureOutput } from '@oclif/test'
import { repoRoot } from '../support/cli.js'
import { describe, expect, it } from 'vitest'
import ScaleCommand from '../../src/commands/scale.js'
import type { AwsClients } from '../../src/lib/aws/clients.js'
import { EcsctlError } from '../../src/lib/errors.js'
import { fakeWaiting } from './support.js'
import { formatScaleResult, scaleService, validateCount, type ScaleInput } from '../../src/lib/ops/scale.js'
import { resolveServiceRef, type ServiceRef } from '../../src/lib/ops/service.js'
import { type Choice, type Prompter } from '../../src/lib/ops/terminal.js'
import { aws, minimalManifest, sentCommands, strictAwsMocks } from '../aws/support.js'

const ref: ServiceRef = { cluster: 'prod', service: 'web' }
const RESOURCE_ID = 'service/prod/web'
let clients: AwsClients

/** Requests no test set up reject, and every test checks that there were none. */
strictAwsMocks((created) => (clients = created))

function service(counts: Partial<Service> = {}): { services: Service[]; failures: [] } {
  return { services: [{ serviceName: 'web', status: 'ACTIVE', desiredCount: 2, runningCount: 2, pendingCount: 0, ...counts }], failures: [] }
}

function givenService(counts: Partial<Service> = {}, target?: Partial<ScalableTarget>, policies: { PolicyName: string; PolicyType: string }[] = []) {
  aws.ecs.on(DescribeServicesCommand, { cluster: 'prod', services: ['web'] }).resolves(service(counts))
  aws.autoscaling
    .on(DescribeScalableTargetsCommand, { ServiceNamespace: 'ecs', ScalableDimension: 'ecs:service:DesiredCount', ResourceIds: [RESOURCE_ID] })
    .resolves({ ScalableTargets: target ? [{ ResourceId: RESOURCE_ID, MinCapacity: 1, MaxCapacity: 4, ...target } as ScalableTarget] : [] })
  aws.autoscaling.on(DescribeScalingPoliciesCommand, { ResourceId: RESOURCE_ID }).resolves({ ScalingPolicies: policies.map((p) => ({ ...p, ResourceId: RESOURCE_ID }) as never) })
  aws.autoscaling.on(RegisterScalableTargetCommand).resolves({})
  aws.ecs.on(UpdateServiceCommand).resolves({ service: {} })
}

/** The write requests, by command name and input, in the order they were sent. */
function writes(): { command: string; input: unknown }[] {
  // The ECS calls first, so that only the sort can put a RegisterScalableTarget before them.
  const calls = [...aws.ecs.calls(), ...(aws.autoscaling as unknown as (typeof aws)['ecs']).calls()]
  return calls
    .sort((a, b) => (a.calledBefore(b) ? -1 : 1))
    .map((call) => ({ command: (call.args[0] as { constructor: { name: string } }).constructor.name, input: (call.args[0] as { input: unknown }).input }))
    .filter((call) => /^(Register|Update)/.test(call.command))
}

const noWaitDeps = (): Pick<ScaleInput, 'show'> => ({ show: () => undefined })

async function rejection(promise: Promise<unknown>): Promise<EcsctlError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(EcsctlError)
  return error as EcsctlError
}

/** A Prompter that answers from a script and records the questions. */
function scriptedPrompter(answers: { count?: number; choice?: string; text?: string }) {
  const asked: { kind: string; message: string; choices?: string[] }[] = []
  const prompter: Prompter = {
    async number(question) {
      asked.push({ kind: 'number', message: question.message })
      if (answers.count === undefined) throw new Error('no count scripted')
      expect(question.validate(answers.count)).toBe(true)
      return answers.count
    },
    async select<T extends string>(question: { message: string; choices: Choice<T>[] }) {
      asked.push({ kind: 'select', message: question.message, choices: question.choices.map((c) => c.value) })
      const choice = question.choices.find((c) => c.value === answers.choice)
      if (!choice) throw new Error(`no choice ${answers.choice}`)
      return choice.value
    },
    async input(question) {
      asked.push({ kind: 'input', message: question.message })
      return answers.text ?? ''
    },
    confirm: () => Promise.reject(new Error('scale asks no yes/no question')),
  }
  return { prompter, asked }
}

describe('scale with a COUNT', () => {
  it('sets the desired count when it is inside the range, and touches nothing else', async () => {
    givenService({ desiredCount: 2 }, { MinCapacity: 1, MaxCapacity: 4 })
    const result = await scaleService({ clients, ref, request: { count: 3 }, ...noWaitDeps() })
    expect(writes()).toEqual([{ command: 'UpdateServiceCommand', input: { cluster: 'prod', service: 'web', desiredCount: 3 } }])
    expect(result).toEqual({
      service: 'web',
      cluster: 'prod',
      before: { desiredCount: 2, runningCount: 2, pendingCount: 0, autoscaling: { min: 1, max: 4, suspended: false } },
      changed: { desiredCount: 3 },
      cancelled: false,
    })
    expect(formatScaleResult(result)).toContain('desired count 2 -> 3')
  })

  it('sets any count for a service without autoscaling', async () => {
    givenService({ desiredCount: 1 })
    await scaleService({ clients, ref, request: { count: 40 }, ...noWaitDeps() })
    expect(writes()).toEqual([{ command: 'UpdateServiceCommand', input: { cluster: 'prod', service: 'web', desiredCount: 40 } }])
  })

  it('sends nothing when the count is already the desired count', async () => {
    givenService({ desiredCount: 3 }, { MinCapacity: 1, MaxCapacity: 4 })
    const result = await scaleService({ clients, ref, request: { count: 3 }, ...noWaitDeps() })
    expect(writes()).toEqual([])
    expect(formatScaleResult(result)).toContain('nothing to change')
  })

  it('refuses a count outside the range with exit 2, sends no change, and names both ways out', async () => {
    givenService({ desiredCount: 2 }, { MinCapacity: 1, MaxCapacity: 4 })
    const error = await rejection(scaleService({ clients, ref, request: { count: 6 }, ...noWaitDeps() }))
    expect(error.exitCode).toBe(2)
    expect(error.message).toMatch(/6 is outside the autoscaling range .*min 1, max 4.*Application Auto Scaling would move the count back/)
    expect(error.hint).toContain('--max 6')
    expect(error.hint).toContain('--suspend-scaling')
    expect(writes()).toEqual([])
  })

  it('accepts a count outside the range when scaling is already fully suspended', async () => {
    givenService(
      { desiredCount: 2 },
      { MinCapacity: 1, MaxCapacity: 4, SuspendedState: { DynamicScalingInSuspended: true, DynamicScalingOutSuspended: true, ScheduledScalingSuspended: true } },
    )
    await scaleService({ clients, ref, request: { count: 0 }, ...noWaitDeps() })
    expect(writes()).toEqual([{ command: 'UpdateServiceCommand', input: { cluster: 'prod', service: 'web', desiredCount: 0 } }])
  })

  it('with --suspend-scaling suspends all three kinds of scaling before setting the count', async () => {
    givenService({ desiredCount: 2 }, { MinCapacity: 1, MaxCapacity: 4 })
    const result = await scaleService({ clients, ref, request: { count: 0, suspendScaling: true }, ...noWaitDeps() })
    expect(writes()).toEqual([
      {
        command: 'RegisterScalableTargetCommand',
        input: {
          ServiceNamespace: 'ecs',
          ScalableDimension: 'ecs:service:DesiredCount',
          ResourceId: RESOURCE_ID,
          SuspendedState: { DynamicScalingInSuspended: true, DynamicScalingOutSuspended: true, ScheduledScalingSuspended: true },
        },
      },
      { command: 'UpdateServiceCommand', input: { cluster: 'prod', service: 'web', desiredCount: 0 } },
    ])
    expect(result.changed).toEqual({ desiredCount: 0, scalingSuspended: true })
  })

  it('registers a wider range first when COUNT comes with --max', async () => {
    givenService({ desiredCount: 2 }, { MinCapacity: 1, MaxCapacity: 4 })
    await scaleService({ clients, ref, request: { count: 8, max: 8 }, ...noWaitDeps() })
    expect(writes().map((w) => w.command)).toEqual(['RegisterScalableTargetCommand', 'UpdateServiceCommand'])
    expect(writes()[0]?.input).toMatchObject({ MinCapacity: 1, MaxCapacity: 8 })
  })
})

describe('scale --min/--max', () => {
  it('registers the new range and leaves the count alone', async () => {
    givenService({ desiredCount: 2 }, { MinCapacity: 1, MaxCapacity: 4 })
    const result = await scaleService({ clients, ref, request: { min: 2, max: 10 }, ...noWaitDeps() })
    expect(writes()).toEqual([
      {
        command: 'RegisterScalableTargetCommand',
        input: { ServiceNamespace: 'ecs', ScalableDimension: 'ecs:service:DesiredCount', ResourceId: RESOURCE_ID, MinCapacity: 2, MaxCapacity: 10 },
      },
    ])
    expect(result.changed).toEqual({ autoscaling: { min: 2, max: 10 } })
    expect(formatScaleResult(result)).toContain('min 1, max 4 -> min 2, max 10')
  })

  it('keeps the other bound when only one is given', async () => {
    givenService({ desiredCount: 2 }, { MinCapacity: 1, MaxCapacity: 4 })
    await scaleService({ clients, ref, request: { max: 6 }, ...noWaitDeps() })
    expect(writes()[0]?.input).toMatchObject({ MinCapacity: 1, MaxCapacity: 6 })
  })

  it('needs both bounds for a service without a range, and min not above max', async () => {
    givenService({ desiredCount: 2 })
    expect((await rejection(scaleService({ clients, ref, request: { min: 2 }, ...noWaitDeps() }))).message).toMatch(/pass both --min and --max/)
    expect((await rejection(scaleService({ clients, ref, request: { min: 5, max: 3 }, ...noWaitDeps() }))).exitCode).toBe(2)
    expect(writes()).toEqual([])
  })
})

describe('scale in a terminal, answered through the Prompter', () => {
  const policies = [{ PolicyName: 'web.cpu', PolicyType: 'TargetTrackingScaling' }]

  it('shows the state, asks for the count, and sets a count inside the range without asking more', async () => {
    givenService({ desiredCount: 2, runningCount: 1, pendingCount: 1 }, { MinCapacity: 1, MaxCapacity: 4 }, policies)
    const { prompter, asked } = scriptedPrompter({ count: 3 })
    const shown: string[] = []
    const result = await scaleService({ clients, ref, request: {}, prompter, show: (text) => void shown.push(text) })
    expect(shown.join('\n')).toContain('desired 2, running 1, pending 1')
    expect(shown.join('\n')).toContain('Autoscaling: min 1, max 4')
    expect(shown.join('\n')).toContain('policy web.cpu')
    expect(asked.map((q) => q.kind)).toEqual(['number'])
    expect(writes()).toEqual([{ command: 'UpdateServiceCommand', input: { cluster: 'prod', service: 'web', desiredCount: 3 } }])
    expect(result.cancelled).toBe(false)
  })

  it('outside the range: explains, offers widen / suspend / cancel, and widening registers the range before the count', async () => {
    givenService({ desiredCount: 2 }, { MinCapacity: 1, MaxCapacity: 4 }, policies)
    const { prompter, asked } = scriptedPrompter({ count: 6, choice: 'widen' })
    const shown: string[] = []
    const result = await scaleService({ clients, ref, request: {}, prompter, show: (text) => void shown.push(text) })
    expect(shown.join('\n')).toMatch(/6 is outside the autoscaling range.*Application Auto Scaling/s)
    expect(asked[1]?.choices).toEqual(['widen', 'suspend', 'cancel'])
    expect(writes()).toEqual([
      {
        command: 'RegisterScalableTargetCommand',
        input: { ServiceNamespace: 'ecs', ScalableDimension: 'ecs:service:DesiredCount', ResourceId: RESOURCE_ID, MinCapacity: 1, MaxCapacity: 6 },
      },
      { command: 'UpdateServiceCommand', input: { cluster: 'prod', service: 'web', desiredCount: 6 } },
    ])
    expect(result.changed).toEqual({ desiredCount: 6, autoscaling: { min: 1, max: 6 } })
  })

  it('below the range, widening lowers the minimum', async () => {
    givenService({ desiredCount: 2 }, { MinCapacity: 2, MaxCapacity: 4 })
    const { prompter } = scriptedPrompter({ count: 0, choice: 'widen' })
    await scaleService({ clients, ref, request: {}, prompter, ...noWaitDeps() })
    expect(writes()[0]?.input).toMatchObject({ MinCapacity: 0, MaxCapacity: 4 })
  })

  it('outside the range: suspending sends SuspendedState, then the count', async () => {
    givenService({ desiredCount: 2 }, { MinCapacity: 1, MaxCapacity: 4 })
    const { prompter } = scriptedPrompter({ count: 6, choice: 'suspend' })
    await scaleService({ clients, ref, request: {}, prompter, ...noWaitDeps() })
    expect(writes()).toEqual([
      {
        command: 'RegisterScalableTargetCommand',
        input: {
          ServiceNamespace: 'ecs',
          ScalableDimension: 'ecs:service:DesiredCount',
          ResourceId: RESOURCE_ID,
          SuspendedState: { DynamicScalingInSuspended: true, DynamicScalingOutSuspended: true, ScheduledScalingSuspended: true },
        },
      },
      { command: 'UpdateServiceCommand', input: { cluster: 'prod', service: 'web', desiredCount: 6 } },
    ])
  })

  it('cancel sends nothing at all', async () => {
    givenService({ desiredCount: 2 }, { MinCapacity: 1, MaxCapacity: 4 })
    const { prompter } = scriptedPrompter({ count: 9, choice: 'cancel' })
    const result = await scaleService({ clients, ref, request: {}, prompter, ...noWaitDeps() })
    expect(writes()).toEqual([])
    expect(result).toMatchObject({ cancelled: true, changed: {} })
    expect(formatScaleResult(result)).toContain('Cancelled: nothing was changed')
  })

  it('validates the number typed', () => {
    expect(validateCount(undefined)).toMatch(/Enter a number/)
    expect(validateCount(-1)).toMatch(/whole number, 0 or more/)
    expect(validateCount(1.5)).toMatch(/whole number/)
    expect(validateCount(0)).toBe(true)
  })

  it('without a terminal and without COUNT is a usage error before any request', async () => {
    const error = await rejection(scaleService({ clients, ref, request: {}, ...noWaitDeps() }))
    expect(error.exitCode).toBe(2)
    expect(error.message).toMatch(/Pass the desired COUNT/)
    expect(sentCommands()).toEqual([])
  })
})

describe('scale --wait', () => {
  it('polls DescribeServices until running equals desired, sleeping on the injected clock', async () => {
    givenService({ desiredCount: 2 })
    aws.ecs
      .on(DescribeServicesCommand)
      .resolvesOnce(service({ desiredCount: 2, runningCount: 2 }))
      .resolvesOnce(service({ desiredCount: 4, runningCount: 2, pendingCount: 2 }))
      .resolvesOnce(service({ desiredCount: 4, runningCount: 3, pendingCount: 1 }))
      .resolves(service({ desiredCount: 4, runningCount: 4 }))
    const fake = fakeWaiting()
    const result = await scaleService({ clients, ref, request: { count: 4 }, ...noWaitDeps(), wait: { timeoutMs: 600_000, waiting: fake.waiting } })
    expect(result.waited).toEqual({ runningCount: 4, desiredCount: 4, elapsedMs: 4000 })
    expect(fake.sleeps).toEqual([2000, 2000])
    expect(fake.told).toEqual(['state service web: running 2/4 pending 2', 'state service web: running 3/4 pending 1', 'done service web: running 4/4'])
  })

  it('times out with exit 6 saying what it saw last', async () => {
    givenService({ desiredCount: 2 })
    aws.ecs.on(DescribeServicesCommand).resolvesOnce(service({ desiredCount: 2 })).resolves(service({ desiredCount: 5, runningCount: 2, pendingCount: 3 }))
    const fake = fakeWaiting()
    const error = await rejection(scaleService({ clients, ref, request: { count: 5 }, ...noWaitDeps(), wait: { timeoutMs: 20_000, waiting: fake.waiting } }))
    expect(error.exitCode).toBe(6)
    expect(error.message).toContain('running 2/5 pending 3')
    expect(fake.sleeps.reduce((a, b) => a + b, 0)).toBe(20_000)
  })

  it('stops waiting on Ctrl-C with exit 130, the new count staying', async () => {
    givenService({ desiredCount: 2 })
    aws.ecs.on(DescribeServicesCommand).resolvesOnce(service({ desiredCount: 2 })).resolves(service({ desiredCount: 5, runningCount: 2, pendingCount: 3 }))
    const fake = fakeWaiting()
    fake.waiting.sleep = async () => {
      fake.controller.abort()
    }
    const error = await rejection(scaleService({ clients, ref, request: { count: 5 }, ...noWaitDeps(), wait: { timeoutMs: 60_000, waiting: fake.waiting } }))
    expect(error.exitCode).toBe(130)
    expect(writes()).toHaveLength(1)
  })
})

describe('the service to scale', () => {
  it('comes from --service and --cluster without reading a manifest', async () => {
    const load = async () => {
      throw new Error('must not load')
    }
    expect(await resolveServiceRef({ service: 'api', cluster: 'staging', region: 'eu-west-1', filesGiven: false, load, commandId: 'scale' })).toEqual({ cluster: 'staging', service: 'api', region: 'eu-west-1' })
  })

  it('comes from the one manifest, with its region', async () => {
    const manifest = minimalManifest({ region: 'eu-central-1' })
    const found = await resolveServiceRef({ filesGiven: false, load: async () => [{ file: 'ecsctl.yml', manifest }], commandId: 'scale' })
    expect(found).toMatchObject({ cluster: 'prod', service: 'web', region: 'eu-central-1', file: 'ecsctl.yml' })
  })

  it('refuses several manifests', async () => {
    const manifest = minimalManifest()
    const error = await rejection(resolveServiceRef({ filesGiven: true, load: async () => [{ file: 'a.yml', manifest }, { file: 'b.yml', manifest: { ...manifest, name: 'api' } }], commandId: 'scale' }))
    expect(error.exitCode).toBe(2)
    expect(error.message).toContain('web (a.yml), api (b.yml)')
  })
})

describe('ecsctl scale, the command', () => {
  it('exits 2 without a terminal and without COUNT, sending nothing', async () => {
    const { error, stderr } = await captureOutput(() => ScaleCommand.run(['--service', 'web', '--cluster', 'prod', '--region', 'us-east-1'], repoRoot), { print: false })
    expect((error as { oclif?: { exit?: number } } | undefined)?.oclif?.exit).toBe(2)
    expect(stderr).toContain('Pass the desired COUNT')
    expect(sentCommands()).toEqual([])
  })

  it('prints the result as JSON', async () => {
    givenService({ desiredCount: 2 }, { MinCapacity: 1, MaxCapacity: 4 })
    const { stdout, error } = await captureOutput(() => ScaleCommand.run(['3', '--service', 'web', '--cluster', 'prod', '--region', 'us-east-1', '--json'], repoRoot), { print: false })
    expect(error).toBeUndefined()
    expect(JSON.parse(stdout)).toMatchObject({ service: 'web', cluster: 'prod', changed: { desiredCount: 3 }, cancelled: false })
  })
})
