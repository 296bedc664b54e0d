// `ecsctl deploy` as a function: for each manifest, read what AWS holds (and who we are, from STS,
// at the same time), plan, check the images, apply, follow the deployment the update started until
// it completes, fails or is rolled back, then delete what only the previous deployment used.
// Several manifests are deployed at once within a bound; one failing does not stop the others.
// It prints nothing itself: progress goes to the reporter it is given, the result is returned.
import type { AwsClients } from '../aws/clients.js'
import { callAws } from '../aws/call.js'
import type { LiveState } from '../aws/live-state.js'
import { readLiveState } from '../aws/read.js'
import { parseDuration } from '../duration.js'
import { EcsctlError, EXIT_CODES, invalid } from '../errors.js'
import type { Manifest } from '../manifest/schema.js'
import { describeError, type ReportedError } from '../output/errors.js'
import type { ProgressReporter } from '../output/progress.js'
import type { Colors } from '../output/terminal.js'
import { planService, planToJson, type Plan } from '../plan/index.js'
import type { RenderContext } from '../render/index.js'
import { ApplyError, applyAfterRollout, applyPlan, refuseWhatCannotBeApplied, type AppliedAction, type ApplyInput, type ApplyResult } from './apply.js'
import { formatDuration } from './explain.js'
import { checkImagesExist } from './images.js'
import { worstOutcome } from './outcome.js'
import { forEachService, type ServiceTarget } from './services.js'
import type { TaskDefinitionOutcome } from './steps/index.js'
import { waitForDeployment } from './wait.js'

export interface DeployOptions {
  targets: readonly ServiceTarget[]
  /** Plan only (the image check too, which only reads): no write request at all. */
  dryRun?: boolean
  /** Follow the rollout (default); false returns once ECS accepted the update. */
  wait?: boolean
  /** How long to wait for each rollout; the manifest's `deployment.timeout` when absent. */
  timeoutMs?: number
  /** Services deployed at the same time (default 4). */
  concurrency?: number
  /** Aborted on Ctrl-C: no further step starts, the wait stops, ECS carries on. */
  signal?: AbortSignal
}

export interface DeployDeps {
  /** Clients for a region (shared between manifests of the same region). */
  clientsFor: (region: string | undefined) => AwsClients
  /** Resolves after `ms`; rejects when `signal` aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  /** Milliseconds, as Date.now(). */
  now: () => number
  /** Where one service's progress goes; `label` is set when several services share the log. */
  progressFor: (label: string | undefined) => ProgressReporter
}

/**
 * How a service's deploy ended. `no changes`: nothing to do; `updated`: applied without a new
 * deployment; `started`: a deployment was started and not followed (--no-wait); `planned`: a dry
 * run; `error`: it stopped before or while applying (see `error`).
 */
export type DeployOutcome = 'completed' | 'no changes' | 'updated' | 'started' | 'planned' | 'failed' | 'rolled back' | 'replaced' | 'timed out' | 'interrupted' | 'error'

export interface ServiceDeployment {
  file: string
  service: string
  cluster: string
  region?: string
  outcome: DeployOutcome
  exitCode: number
  /** The revision the service runs: registered by this deploy, or reused. */
  taskDefinition?: TaskDefinitionOutcome
  /** The deployment this deploy started (or, without one, the service's current one). */
  deploymentId?: string
  durationMs: number
  /** The changes applied, in order, with the requests each took. */
  actions: AppliedAction[]
  /** Planned changes not applied, when the deploy stopped early. */
  notApplied: string[]
  /** What was not checked or done, and why (images outside ECR, deletes left for the next deploy). */
  notes: string[]
  /** The plan (a dry run), for printing as `diff` does. */
  plan?: Plan
  error?: ReportedError
}

export interface DeployResult {
  services: ServiceDeployment[]
  /** The worst outcome's exit code. */
  exitCode: number
}

export async function deploy(options: DeployOptions, deps: DeployDeps): Promise<DeployResult> {
  const several = options.targets.length > 1
  const settled = await forEachService(options.targets, options.concurrency ?? 4, (target) => deployService(target, options, deps, several))
  const services = settled.map((entry) => (entry.ok ? entry.value : unexpectedFailure(entry.target, entry.error)))
  return { services, exitCode: worstOutcome(services.map((s) => s.exitCode)) }
}

function unexpectedFailure(target: ServiceTarget, error: unknown): ServiceDeployment {
  const reported = describeError(error, 'deploy')
  return {
    file: target.file,
    service: target.manifest.name,
    cluster: target.manifest.cluster,
    outcome: 'error',
    exitCode: reported.exitCode,
    durationMs: 0,
    actions: [],
    notApplied: [],
    notes: [],
    error: reported,
  }
}

// --- one service -------------------------------------------------------------------------------

interface Planned {
  live: LiveState
  context: RenderContext
  plan: Plan
}

/** Reads the live state and asks STS for the account at the same time, then plans. */
export async function readAndPlan(clients: AwsClients, manifest: Manifest): Promise<Planned> {
  const [region, caller, live] = await Promise.all([
    clients.region(),
    callerAccount(clients).then(
      (account) => ({ account }),
      (error: unknown) => ({ error }),
    ),
    readLiveState(clients, manifest),
  ])
  // STS is the truth about the account; ARNs read are the fallback when it cannot be asked.
  const accountId = 'account' in caller ? caller.account : live.accountId
  if (!accountId) throw (caller as { error: unknown }).error
  live.accountId = accountId
  const context: RenderContext = { region, accountId }
  return { live, context, plan: planService(manifest, live, context) }
}

async function callerAccount(clients: AwsClients): Promise<string> {
  const sts = await clients.sts()
  const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts')
  const output = await callAws('sts:GetCallerIdentity', () => sts.send(new GetCallerIdentityCommand({})))
  if (!output.Account) throw new EcsctlError('aws', 'sts:GetCallerIdentity: STS returned no account id.')
  return output.Account
}

const MARK: Readonly<Record<AppliedAction['action'], string>> = { create: '+', update: '~', delete: '-' }

/** `+ target group web-app-8080: created arn:...` */
export const actionLine = (action: AppliedAction): string => `${MARK[action.action]} ${action.resource}${action.note ? `: ${action.note}` : ''}`

async function deployService(target: ServiceTarget, options: DeployOptions, deps: DeployDeps, several: boolean): Promise<ServiceDeployment> {
  const { manifest } = target
  const started = deps.now()
  const clients = deps.clientsFor(target.region)
  const progress = deps.progressFor(several ? manifest.name : undefined)
  const result: ServiceDeployment = {
    file: target.file,
    service: manifest.name,
    cluster: manifest.cluster,
    outcome: 'error',
    exitCode: EXIT_CODES.bug,
    durationMs: 0,
    actions: [],
    notApplied: [],
    notes: [],
  }
  const note = (text: string) => {
    result.notes.push(text)
    progress.event(text)
  }
  try {
    const { live, context, plan } = await readAndPlan(clients, manifest)
    result.region = context.region
    const images = Object.entries(manifest.containers).map(([container, definition]) => ({ container, image: definition.image }))
    // Before any write: a missing tag is an error now, not tasks failing to pull in ten minutes.
    const checked = await checkImagesExist(clients, images, { clientsFor: (region) => deps.clientsFor(region) })
    checked.notes.forEach(note)
    if (options.dryRun) {
      result.plan = plan
      // A dry run in CI should fail where the deploy would: on a change ecsctl refuses to make.
      refuseWhatCannotBeApplied(plan)
      Object.assign(result, { outcome: 'planned', exitCode: EXIT_CODES.ok })
      return result
    }

    const applyInput: ApplyInput = { clients, manifest, live, plan, context, signal: options.signal, onApplied: (action) => progress.event(actionLine(action)) }
    const applied = await applyPlan(applyInput)
    Object.assign(result, { actions: applied.actions, taskDefinition: applied.taskDefinition, deploymentId: applied.service?.deploymentId })
    // A registration was logged with the other changes; a reuse is worth saying too.
    if (!applied.taskDefinition.registered) {
      progress.event(`task definition ${applied.taskDefinition.revision} reused: the manifest matches the latest ACTIVE revision`)
    }

    if (!applied.service?.startedDeployment) {
      result.actions.push(...(await applyAfterRollout(applied.afterRollout, applyInput)).map(reported(progress)))
      Object.assign(result, { outcome: result.actions.length > 0 ? 'updated' : 'no changes', exitCode: EXIT_CODES.ok })
      return result
    }
    if (options.wait === false) {
      leaveForNextDeploy(result, applied, 'they are still in use until the deployment completes')
      Object.assign(result, { outcome: 'started', exitCode: EXIT_CODES.ok })
      return result
    }
    await waitForDeployment(
      {
        clients,
        cluster: manifest.cluster,
        service: manifest.name,
        deploymentId: applied.service.deploymentId ?? '',
        timeoutMs: options.timeoutMs ?? parseDuration(manifest.deployment.timeout, 'deployment.timeout'),
        signal: options.signal,
        previousTaskDefinition: applied.previousTaskDefinition,
      },
      { sleep: deps.sleep, now: deps.now, progress },
    ).catch((error: unknown) => {
      leaveForNextDeploy(result, applied, 'the deployment did not complete')
      throw error
    })
    result.actions.push(...(await applyAfterRollout(applied.afterRollout, applyInput)).map(reported(progress)))
    Object.assign(result, { outcome: 'completed', exitCode: EXIT_CODES.ok })
    return result
  } catch (error) {
    recordFailure(result, error)
    return result
  } finally {
    result.durationMs = deps.now() - started
  }
}

const reported = (progress: ProgressReporter) => (action: AppliedAction) => {
  progress.event(actionLine(action))
  return action
}

/**
 * Deletes that wait for the rollout, when this run does not see it complete. The next deploy plans
 * access points again; a target group the service no longer uses it cannot see, so the note says
 * how to delete it by hand.
 */
function leaveForNextDeploy(result: ServiceDeployment, applied: ApplyResult, why: string): void {
  if (applied.afterRollout.length === 0) return
  const names = applied.afterRollout.map((change) => `delete ${change.resource}`)
  result.notApplied.push(...names)
  result.notes.push(`Not deleted yet (${why}): ${names.join(', ')}.`)
  for (const change of applied.afterRollout) {
    result.notes.push(
      change.kind === 'target-group'
        ? `Once the rollout completed: aws elbv2 delete-target-group --target-group-arn ${change.liveId ?? change.name}`
        : `The next deploy after the rollout deletes ${change.resource}.`,
    )
  }
}

function recordFailure(result: ServiceDeployment, error: unknown): void {
  const reported = describeError(error, 'deploy')
  result.error = reported
  result.exitCode = reported.exitCode
  result.outcome = outcomeOf(reported)
  if (error instanceof ApplyError) {
    result.actions.push(...error.applied)
    result.notApplied.push(...error.notApplied)
    result.taskDefinition ??= error.taskDefinition
  }
}

function outcomeOf(error: ReportedError): DeployOutcome {
  if (error.kind === 'timeout') return 'timed out'
  if (error.kind === 'interrupted') return 'interrupted'
  if (error.kind !== 'rollout') return 'error'
  const verdict = error.details?.verdict
  // A FAILED deployment with a new PRIMARY beside it is being rolled back by the circuit breaker.
  if (verdict === 'rolled back' || (verdict === 'failed' && error.details?.replacement !== undefined)) return 'rolled back'
  return verdict === 'replaced' ? 'replaced' : 'failed'
}

// --- inputs from the command line ---------------------------------------------------------------

/** `--image app=repo:tag` values as container -> image. */
export function parseImageOverrides(values: readonly string[]): Record<string, string> {
  const overrides: Record<string, string> = {}
  for (const value of values) {
    const separator = value.indexOf('=')
    const container = value.slice(0, separator).trim()
    const image = value.slice(separator + 1).trim()
    if (separator <= 0 || container === '' || image === '') {
      throw invalid(`--image "${value}": write it as CONTAINER=IMAGE, e.g. --image app=123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v2.`)
    }
    if (overrides[container] !== undefined && overrides[container] !== image) throw invalid(`--image names container "${container}" twice, with different images.`)
    overrides[container] = image
  }
  return overrides
}

/**
 * The targets with each overridden container's image replaced, before anything is planned. A
 * container that no manifest has is a mistake (a typo would otherwise deploy the old image).
 */
export function withImageOverrides(targets: readonly ServiceTarget[], overrides: Readonly<Record<string, string>>): ServiceTarget[] {
  const unknown = Object.keys(overrides).filter((container) => !targets.some((target) => container in target.manifest.containers))
  if (unknown.length > 0) {
    const known = [...new Set(targets.flatMap((target) => Object.keys(target.manifest.containers)))].sort()
    throw invalid(`--image names ${unknown.map((c) => `"${c}"`).join(', ')}, which no manifest has as a container.`, {
      hint: `Containers: ${known.join(', ')}.`,
    })
  }
  return targets.map((target) => {
    const containers = Object.fromEntries(
      Object.entries(target.manifest.containers).map(([name, container]) => [name, overrides[name] === undefined ? container : { ...container, image: overrides[name] }]),
    )
    return { ...target, manifest: { ...target.manifest, containers } }
  })
}

// --- the real world ---------------------------------------------------------------------------

/**
 * Attempts per request for a deploy, first one included. A deploy that gives up half way through
 * costs a rerun, so it retries throttling and server errors longer than the SDK's 3 (with its
 * backoff and retry quota); AWS_MAX_ATTEMPTS, when set, decides instead.
 */
export function deployMaxAttempts(env: Record<string, string | undefined>): number | undefined {
  return env.AWS_MAX_ATTEMPTS?.trim() ? undefined : 8
}

// --- output ------------------------------------------------------------------------------------

/** The result as `deploy --json` prints it: one object, plans in diff's JSON form. */
export function deployResultToJson(result: DeployResult): Record<string, unknown> {
  return {
    exitCode: result.exitCode,
    services: result.services.map(({ plan, ...service }) => ({
      ...service,
      taskDefinition: service.taskDefinition ?? null,
      deploymentId: service.deploymentId ?? null,
      ...(plan ? { plan: planToJson(plan) } : {}),
    })),
  }
}

/** What a person reads of one service: how it ended, the revision, the deployment, the changes. */
export function formatServiceDeployment(service: ServiceDeployment, colors: Colors): string {
  const paint = service.exitCode === EXIT_CODES.ok ? colors.green : colors.red
  const lines = [`${colors.bold(`Service ${service.service} in cluster ${service.cluster}`)}: ${paint(service.outcome)} in ${formatDuration(service.durationMs)}`]
  if (service.taskDefinition) {
    lines.push(`  task definition ${service.taskDefinition.revision} ${service.taskDefinition.registered ? 'registered' : 'reused (unchanged)'}`)
  }
  if (service.deploymentId) lines.push(`  deployment ${service.deploymentId}`)
  // Each change was logged as it was applied (stderr); the result says how many. A failure's own
  // message lists what was applied and what was not.
  if (service.actions.length > 0) lines.push(`  ${countActions(service.actions)}`)
  if (service.notApplied.length > 0 && !service.error) lines.push(`  not applied: ${service.notApplied.join(', ')}`)
  for (const text of service.notes) lines.push(colors.dim(`  ${text}`))
  return lines.join('\n')
}

/** `3 changes applied: 1 created, 1 updated, 1 deleted` */
function countActions(actions: readonly AppliedAction[]): string {
  const counts = (['create', 'update', 'delete'] as const)
    .map((kind) => [kind, actions.filter((a) => a.action === kind).length] as const)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${count} ${kind}d`)
  return `${actions.length} ${actions.length === 1 ? 'change' : 'changes'} applied: ${counts.join(', ')}`
}

/** The summary of several services: one row each, columns aligned. */
export function formatSummaryTable(services: readonly ServiceDeployment[]): string {
  const rows = [
    ['SERVICE', 'CLUSTER', 'REVISION', 'OUTCOME', 'DURATION'],
    ...services.map((s) => [
      s.service,
      s.cluster,
      s.taskDefinition ? `${s.taskDefinition.revision}${s.taskDefinition.registered ? ' (new)' : ''}` : '-',
      s.outcome,
      formatDuration(s.durationMs),
    ]),
  ]
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? []
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n')
}
