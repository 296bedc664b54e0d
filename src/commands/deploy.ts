import * as Flags from '@oclif/core/flags'
import { createClients } from '../lib/aws/clients.js'
import { parseDuration, sleep } from '../lib/duration.js'
import { interruptOnSignals } from '../lib/ops/terminal.js'
import { BaseCommand, EXIT_CODES_HELP } from '../lib/cli/base.js'
import { manifestSelection } from '../lib/cli/context.js'
import {
  deploy,
  deployMaxAttempts,
  deployResultToJson,
  formatServiceDeployment,
  formatSummaryTable,
  parseImageOverrides,
  withImageOverrides,
} from '../lib/deploy/deploy.js'
import { createClientPool, serviceTargets } from '../lib/deploy/services.js'
import { EXIT_CODES } from '../lib/errors.js'
import { loadManifests } from '../lib/manifest/load.js'
import { createProgress } from '../lib/output/progress.js'
import { formatPlan } from '../lib/plan/index.js'

export default class Deploy extends BaseCommand<typeof Deploy> {
  static override summary = 'Apply the manifest to AWS and follow the rollout until it completes.'
  static override description = `Creates or updates, in order: log groups, EFS access points, the task definition (a new revision only when it differs from the latest ACTIVE one), target groups and listener rules, the service, autoscaling, alarms, scheduled actions and EventBridge rules; then removes what ecsctl created that the manifest no longer declares. Images in ECR are checked to exist before anything is changed. Deploying the same manifest twice changes nothing the second time.

Then it follows the deployment the update started, by its id, until ECS says it COMPLETED (exit 0), FAILED or was rolled back by the circuit breaker (exit 5, with the stopped tasks' reasons, exit codes and last log lines; also when tasks keep failing on a service without a circuit breaker), or the timeout passes (exit 6). Ctrl-C stops waiting (exit 130); ECS carries on with the rollout.

If a step fails, ecsctl stops that service and says which changes were applied and which were not; deploying again continues from there.

${EXIT_CODES_HELP}`
  static override examples = [
    { description: 'Deploy ecsctl.yml and wait for the rollout', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'In CI: a new image for container app', command: '<%= config.bin %> <%= command.id %> --image app=123456789012.dkr.ecr.us-east-1.amazonaws.com/web:$GIT_SHA' },
    { description: 'What would change, without changing anything', command: '<%= config.bin %> <%= command.id %> --dry-run' },
    { description: 'Every service in a directory, two at a time, as JSON', command: '<%= config.bin %> <%= command.id %> -f services/ --concurrency 2 --json' },
  ]

  static override flags = {
    image: Flags.string({
      summary: 'Deploy IMAGE for container CONTAINER, as CONTAINER=IMAGE. Repeatable.',
      description: 'Replaces the image the manifest names before anything is planned. A container no manifest has is an error.',
      multiple: true,
    }),
    'dry-run': Flags.boolean({ summary: 'Print the plan and check the images; send no write request.' }),
    wait: Flags.boolean({ summary: 'Follow the rollout until it completes (--no-wait returns once ECS accepted the update).', default: true, allowNo: true }),
    timeout: Flags.string({ summary: 'How long to wait for each rollout, e.g. 90s, 15m, 1h30m.', description: "Default: the manifest's deployment.timeout (15m unless set)." }),
    concurrency: Flags.integer({ summary: 'Services deployed at once, with several manifests.', default: 4, min: 1 }),
  }

  async run(): Promise<void> {
    // Flags first: a typo in --image or --timeout is reported before any file is read.
    const overrides = parseImageOverrides(this.flags.image ?? [])
    const timeoutMs = this.flags.timeout === undefined ? undefined : parseDuration(this.flags.timeout, '--timeout')
    const loaded = await loadManifests(manifestSelection(this.flags, process.env, process.cwd()))
    const targets = withImageOverrides(serviceTargets(loaded, this.flags.region), overrides)

    const pool = createClientPool({ profile: this.flags.profile, maxAttempts: deployMaxAttempts(process.env) }, createClients)
    const interruption = interruptOnSignals(() =>
      this.output.note('Interrupted: finishing the request in flight, then stopping. Press Ctrl-C again to quit at once.'),
    )
    try {
      const result = await deploy(
        { targets, dryRun: this.flags['dry-run'], wait: this.flags.wait, timeoutMs, concurrency: this.flags.concurrency, signal: interruption.signal },
        {
          clientsFor: (region) => pool.clientsFor(region),
          sleep,
          now: Date.now,
          progressFor: (label) =>
            createProgress({
              stream: process.stderr,
              // One spinner per terminal: several services share plain lines, each labelled.
              isTTY: Boolean(process.stderr.isTTY) && label === undefined,
              json: this.flags.json,
              now: () => new Date(),
              label,
            }),
        },
      )
      this.print(result)
      if (result.exitCode !== EXIT_CODES.ok) this.exitWith(result.exitCode)
    } finally {
      interruption.dispose()
      pool.destroy()
    }
  }

  private print(result: Awaited<ReturnType<typeof deploy>>): void {
    if (this.flags.json) {
      this.output.json(deployResultToJson(result))
      return
    }
    const { red, dim, bold } = this.output.color
    const several = result.services.length > 1
    for (const service of result.services) {
      if (service.plan) {
        if (several) this.output.result(bold(`${service.service} (cluster ${service.cluster}) from ${service.file}`))
        this.output.result(formatPlan(service.plan, this.output.color))
      } else {
        this.output.result(formatServiceDeployment(service, this.output.color))
      }
      if (service.error) {
        this.output.note(`${red('Error:')} ${several ? `${service.service}: ` : ''}${service.error.message}`)
        if (service.error.hint) this.output.note(dim(service.error.hint))
      }
    }
    if (several) this.output.result(`\n${formatSummaryTable(result.services)}`)
  }
}
