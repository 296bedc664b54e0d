// `ecsctl init --from-service` end to end against mocked clients: the mocks answer from the live
// state a deploy of an example leaves behind, init reads it starting from the service alone and
// writes a file, and that file planned against the same live state has nothing to change.
import { DescribeScalableTargetsCommand, DescribeScalingPoliciesCommand, DescribeScheduledActionsCommand } from '@aws-sdk/client-application-auto-scaling'
import { DescribeAlarmsCommand, ListTagsForResourceCommand as ListAlarmTagsCommand } from '@aws-sdk/client-cloudwatch'
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { DescribeServicesCommand, DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import { DescribeAccessPointsCommand } from '@aws-sdk/client-efs'
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  type Listener,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { DescribeRuleCommand, ListRulesCommand, ListTagsForResourceCommand as ListRuleTagsCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge'
import { captureOutput } from '@oclif/test'
import { repoRoot } from '../support/cli.js'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import InitCommand from '../../src/commands/init.js'
import { createClients, type AwsClients } from '../../src/lib/aws/clients.js'
import type { LiveState } from '../../src/lib/aws/live-state.js'
import { EcsctlError } from '../../src/lib/errors.js'
import { parseManifestText } from '../../src/lib/manifest/load.js'
import { initFromService } from '../../src/lib/ops/init.js'
import { parseServiceAddress } from '../../src/lib/ops/init-read.js'
import { hasChanges, planService } from '../../src/lib/plan/index.js'
import { deployContext, liveStateAfterDeploy } from '../plan/fixtures/live-after-deploy.js'
import { loadExample } from '../support/examples.js'
import { aws, resetAwsMocks, sentCommands } from '../aws/support.js'

let clients: AwsClients
let dir: string

beforeEach(() => {
  resetAwsMocks()
  dir = mkdtempSync(join(tmpdir(), 'ecsctl-init-'))
})
afterEach(() => {
  clients?.destroy()
  rmSync(dir, { recursive: true, force: true })
})

const loadBalancerOfListener = (arn: string) => arn.replace(/:listener\/((?:app|net)\/[^/]+\/[^/]+)\/[^/]+$/, ':loadbalancer/$1')

/** Every read init makes, answered from `live` as AWS would answer it. */
function serve(live: LiveState): void {
  const { service, taskDefinition } = live
  aws.ecs.on(DescribeServicesCommand).callsFake((input: { cluster: string; services: string[] }) =>
    input.services[0] === service?.serviceName && input.cluster === service?.clusterArn?.split('/').pop()
      ? { services: [service], failures: [] }
      : { services: [], failures: [{ arn: input.services[0], reason: 'MISSING' }] },
  )
  aws.ecs.on(DescribeTaskDefinitionCommand).callsFake((input: { taskDefinition: string }) => {
    expect(input.taskDefinition).toBe(service?.taskDefinition)
    return { taskDefinition: taskDefinition?.taskDefinition, tags: taskDefinition?.tags }
  })

  const groups = Object.values(live.targetGroups)
  aws.elbv2.on(DescribeTargetGroupsCommand).callsFake((input: { Names?: string[] }) => ({ TargetGroups: groups.filter((g) => input.Names?.includes(g.targetGroup.TargetGroupName ?? '')).map((g) => g.targetGroup) }))
  aws.elbv2.on(DescribeTargetGroupAttributesCommand).callsFake((input: { TargetGroupArn: string }) => ({
    Attributes: groups.find((g) => g.targetGroup.TargetGroupArn === input.TargetGroupArn)?.attributes,
  }))
  const allRules = Object.values(live.listenerRules).flat()
  aws.elbv2.on(DescribeTagsCommand).callsFake((input: { ResourceArns: string[] }) => ({
    TagDescriptions: input.ResourceArns.map((arn) => ({
      ResourceArn: arn,
      Tags: groups.find((g) => g.targetGroup.TargetGroupArn === arn)?.tags ?? allRules.find((r) => r.rule.RuleArn === arn)?.tags ?? [],
    })),
  }))
  aws.elbv2.on(DescribeLoadBalancersCommand).callsFake((input: { LoadBalancerArns: string[] }) => ({ LoadBalancers: input.LoadBalancerArns.map((arn) => live.loadBalancers[arn]) }))
  const listeners: Listener[] = [
    ...Object.keys(live.listenerRules).map((arn) => ({ ListenerArn: arn, LoadBalancerArn: loadBalancerOfListener(arn), Protocol: 'HTTPS' as const, Port: 443 })),
    ...Object.values(live.listeners),
  ]
  aws.elbv2.on(DescribeListenersCommand).callsFake((input: { LoadBalancerArn: string }) => ({ Listeners: listeners.filter((l) => l.LoadBalancerArn === input.LoadBalancerArn) }))
  aws.elbv2.on(DescribeRulesCommand).callsFake((input: { ListenerArn: string }) => ({ Rules: (live.listenerRules[input.ListenerArn] ?? []).map((r) => r.rule) }))

  aws.autoscaling.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: live.scalableTarget ? [live.scalableTarget] : [] })
  aws.autoscaling.on(DescribeScalingPoliciesCommand).resolves({ ScalingPolicies: Object.values(live.scalingPolicies) })
  aws.autoscaling.on(DescribeScheduledActionsCommand).resolves({ ScheduledActions: Object.values(live.scheduledActions) })
  aws.cloudwatch.on(DescribeAlarmsCommand).callsFake((input: { AlarmNames?: string[]; AlarmNamePrefix?: string }) => ({
    MetricAlarms: Object.values(live.alarms)
      .map((entry) => entry.alarm)
      .filter((alarm) => (input.AlarmNames ? input.AlarmNames.includes(alarm.AlarmName ?? '') : alarm.AlarmName?.startsWith(input.AlarmNamePrefix ?? ''))),
  }))
  aws.cloudwatch.on(ListAlarmTagsCommand).callsFake((input: { ResourceARN: string }) => ({ Tags: Object.values(live.alarms).find((a) => a.alarm.AlarmArn === input.ResourceARN)?.tags }))
  aws.efs.on(DescribeAccessPointsCommand).callsFake((input: { FileSystemId: string }) => ({ AccessPoints: live.accessPoints[input.FileSystemId] ?? [] }))
  aws.logs.on(DescribeLogGroupsCommand).callsFake((input: { logGroupNamePrefix: string }) => ({
    logGroups: Object.values(live.logGroups).filter((group) => group.logGroupName?.startsWith(input.logGroupNamePrefix)),
  }))
  const eventRules = Object.values(live.eventRules)
  aws.eventbridge.on(ListRulesCommand).callsFake((input: { NamePrefix: string }) => ({
    Rules: eventRules.filter((r) => r.rule.Name?.startsWith(input.NamePrefix)).map((r) => ({ Name: r.rule.Name, Arn: r.rule.Arn })),
  }))
  aws.eventbridge.on(DescribeRuleCommand).callsFake((input: { Name: string }) => live.eventRules[input.Name]?.rule)
  aws.eventbridge.on(ListTargetsByRuleCommand).callsFake((input: { Rule: string }) => ({ Targets: live.eventRules[input.Rule]?.targets }))
  aws.eventbridge.on(ListRuleTagsCommand).callsFake((input: { ResourceARN: string }) => ({ Tags: eventRules.find((r) => r.rule.Arn === input.ResourceARN)?.tags }))
}

describe('parseServiceAddress', () => {
  it('takes CLUSTER/SERVICE or a service ARN, and refuses anything else', () => {
    expect(parseServiceAddress('prod/web')).toEqual({ cluster: 'prod', service: 'web' })
    expect(parseServiceAddress('arn:aws:ecs:us-east-1:123456789012:service/prod/web')).toEqual({ cluster: 'prod', service: 'web' })
    expect(() => parseServiceAddress('web')).toThrow(/CLUSTER\/SERVICE/)
    expect(() => parseServiceAddress('prod/web/extra')).toThrow(EcsctlError)
  })
})

describe('initFromService against mocked AWS', () => {
  for (const example of ['complete', 'ec2-bridge', 'nlb-service']) {
    it(`${example}: reads from the service alone and writes a manifest with no changes to deploy`, async () => {
      const original = loadExample(example)
      const live = liveStateAfterDeploy(original)
      serve(live)
      const { region } = deployContext(original)
      clients = createClients({ region })
      const output = join(dir, 'ecsctl.yml')

      const result = await initFromService(clients, { from: `${original.cluster}/${original.name}`, output, force: false })

      expect(result).toMatchObject({ file: output, service: original.name, cluster: original.cluster, region, source: 'live-service', notes: [] })
      expect(result.expectedDiff?.resources).toEqual([])
      const { manifest, problems } = parseManifestText(readFileSync(output, 'utf8'), output, { vars: {} })
      expect(problems).toEqual([])
      expect(hasChanges(planService(manifest!, live, deployContext(original)))).toBe(false)
    })
  }

  it('finds a step policy\'s alarm by its action when the policy lists none, and by name when it is not ecsctl\'s', async () => {
    const original = loadExample('ec2-bridge')
    const live = liveStateAfterDeploy(original)
    for (const policy of Object.values(live.scalingPolicies)) policy.Alarms = []
    // An alarm another tool made, listed by the policy it invokes.
    const high = live.alarms['ecsctl.ec2-prod.legacy-api.cpu-high']!
    delete live.alarms['ecsctl.ec2-prod.legacy-api.cpu-high']
    live.alarms['legacy-cpu-high'] = { alarm: { ...high.alarm, AlarmName: 'legacy-cpu-high' }, tags: [] }
    live.scalingPolicies['legacy-api.step.cpu-high']!.Alarms = [{ AlarmName: 'legacy-cpu-high', AlarmARN: 'arn:aws:cloudwatch:us-west-2:345678901234:alarm:legacy-cpu-high' }]
    serve(live)
    clients = createClients({ region: 'us-west-2' })
    const result = await initFromService(clients, { from: 'ec2-prod/legacy-api', output: join(dir, 'ecsctl.yml'), force: false })
    expect(result.notes).toEqual([expect.stringContaining('Alarm legacy-cpu-high is not named the ecsctl way')])
    expect(result.expectedDiff?.resources).toEqual(['+ alarm ecsctl.ec2-prod.legacy-api.cpu-high'])
    const { manifest } = parseManifestText(readFileSync(join(dir, 'ecsctl.yml'), 'utf8'), 'ecsctl.yml', { vars: {} })
    expect(manifest?.autoscaling?.steps?.map((step) => step.name)).toEqual(['cpu-high', 'cpu-low'])
    expect(aws.cloudwatch.commandCalls(DescribeAlarmsCommand).map((call) => call.args[0].input)).toEqual(
      expect.arrayContaining([{ AlarmNamePrefix: 'ecsctl.ec2-prod.legacy-api.' }, expect.objectContaining({ AlarmNames: ['legacy-cpu-high'] })]),
    )
  })

  it('reads each resource kind it needs, and nothing that writes', async () => {
    const original = loadExample('complete')
    serve(liveStateAfterDeploy(original))
    clients = createClients({ region: 'us-east-1' })
    await initFromService(clients, { from: 'prod/web', output: join(dir, 'web.yml'), force: false })
    const sent = new Set(sentCommands())
    expect([...sent].sort()).toEqual(
      [
        'DescribeAccessPointsCommand',
        'DescribeAlarmsCommand',
        'DescribeListenersCommand',
        'DescribeLoadBalancersCommand',
        'DescribeLogGroupsCommand',
        'DescribeRuleCommand',
        'DescribeRulesCommand',
        'DescribeScalableTargetsCommand',
        'DescribeScalingPoliciesCommand',
        'DescribeScheduledActionsCommand',
        'DescribeServicesCommand',
        'DescribeTagsCommand',
        'DescribeTargetGroupAttributesCommand',
        'DescribeTargetGroupsCommand',
        'DescribeTaskDefinitionCommand',
        'ListRulesCommand',
        'ListTagsForResourceCommand',
        'ListTargetsByRuleCommand',
      ].sort(),
    )
  })

  it('a missing service is an AWS error (exit 4) with a hint, and no file is written', async () => {
    serve(liveStateAfterDeploy(loadExample('fargate-web')))
    clients = createClients({ region: 'eu-west-1' })
    const output = join(dir, 'ecsctl.yml')
    const failure = await initFromService(clients, { from: 'staging/nope', output, force: false }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(EcsctlError)
    expect((failure as EcsctlError).exitCode).toBe(4)
    expect((failure as EcsctlError).message).toContain('"nope"')
    expect((failure as EcsctlError).hint).toMatch(/list-services --cluster staging/)
    expect(() => readFileSync(output)).toThrow()
  })

  it('refuses to overwrite before asking AWS anything, and replaces the file with force', async () => {
    const original = loadExample('fargate-web')
    serve(liveStateAfterDeploy(original))
    clients = createClients({ region: 'eu-west-1' })
    const output = join(dir, 'ecsctl.yml')
    writeFileSync(output, 'mine\n')
    const refused = await initFromService(clients, { from: 'staging/shop-frontend', output, force: false }).catch((error: unknown) => error)
    expect((refused as EcsctlError).exitCode).toBe(2)
    expect(sentCommands()).toEqual([])
    expect(readFileSync(output, 'utf8')).toBe('mine\n')

    await initFromService(clients, { from: 'staging/shop-frontend', output, force: true })
    expect(readFileSync(output, 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\/ecsctl\.schema\.json\n/)
  })
})

describe('ecsctl init, the command', () => {
  it('without a terminal and without --from-service: usage error (exit 2) saying what to pass, nothing sent', async () => {
    const { error, stderr } = await captureOutput(() => InitCommand.run(['--output', join(dir, 'x.yml')], repoRoot), { print: false })
    expect((error as { oclif?: { exit?: number } } | undefined)?.oclif?.exit).toBe(2)
    expect(stderr).toContain('--from-service CLUSTER/SERVICE')
    expect(sentCommands()).toEqual([])
  })

  it('--from-service for a missing service exits 4 with the hint', async () => {
    serve(liveStateAfterDeploy(loadExample('fargate-web')))
    const { error, stderr } = await captureOutput(() => InitCommand.run(['--from-service', 'staging/nope', '--region', 'eu-west-1', '--output', join(dir, 'x.yml')], repoRoot), { print: false })
    expect((error as { oclif?: { exit?: number } } | undefined)?.oclif?.exit).toBe(4)
    expect(stderr).toContain('was not found in cluster "staging"')
    expect(stderr).toContain('aws ecs list-services')
  })

  it('--from-service prints what it wrote and the next step; --json prints the result', async () => {
    serve(liveStateAfterDeploy(loadExample('fargate-web')))
    const output = join(dir, 'web.yml')
    const text = await captureOutput(() => InitCommand.run(['--from-service', 'staging/shop-frontend', '--region', 'eu-west-1', '--output', output], repoRoot), { print: false })
    expect(text.error).toBeUndefined()
    expect(text.stdout).toContain(`Wrote ${output} for the live service staging/shop-frontend (eu-west-1).`)
    expect(text.stdout).toContain('ecsctl diff will show no changes.')
    expect(text.stdout).toContain(`Next: ecsctl diff -f ${output}`)

    const json = await captureOutput(() => InitCommand.run(['--from-service', 'staging/shop-frontend', '--region', 'eu-west-1', '--output', output, '--force', '--json'], repoRoot), { print: false })
    expect(JSON.parse(json.stdout)).toMatchObject({ file: output, service: 'shop-frontend', cluster: 'staging', notes: [], next: `ecsctl diff -f ${output}` })
  })
})
