import * as Flags from '@oclif/core/flags'
import { createClients } from '../lib/aws/clients.js'
import { BaseCommand, EXIT_CODES_HELP } from '../lib/cli/base.js'
import { manifestSelection } from '../lib/cli/context.js'
import { planTarget } from '../lib/deploy/pipeline.js'
import { createClientPool, forEachService, serviceTargets } from '../lib/deploy/services.js'
import { worstOutcome } from '../lib/deploy/outcome.js'
import { EXIT_CODES } from '../lib/errors.js'
import { loadManifests } from '../lib/manifest/load.js'
import { formatPlan, hasChanges, planToJson } from '../lib/plan/index.js'
import { describeError } from '../lib/output/errors.js'

export default class Diff extends BaseCommand<typeof Diff> {
  static override summary = 'Show what a deploy would change, field by field, without changing anything.'
  static override description = `Reads the live service, task definition, target groups and rules, EFS access points, autoscaling, alarms, EventBridge rules and log groups, and compares them with the manifest after removing what AWS fills in by itself. Only read calls are made.

Marks: + create, ~ update, - delete (only what ecsctl created). Secrets show their ARN, never their value.

${EXIT_CODES_HELP}`
  static override examples = [
    { description: 'What would change for ecsctl.yml', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'In CI: exit 3 when a deploy would change something', command: '<%= config.bin %> <%= command.id %> --exit-code' },
    { description: 'Every service in a directory, as JSON', command: '<%= config.bin %> <%= command.id %> -f services/ --json' },
  ]

  static override flags = {
    'exit-code': Flags.boolean({ summary: 'Exit 3 when there are differences, 0 when there are none.' }),
    concurrency: Flags.integer({ summary: 'Services read at once, with several manifests.', default: 4, min: 1 }),
  }

  async run(): Promise<void> {
    const loaded = await loadManifests(manifestSelection(this.flags, process.env, process.cwd()))
    const targets = serviceTargets(loaded, this.flags.region)
    const pool = createClientPool({ profile: this.flags.profile }, createClients)
    try {
      const results = await forEachService(targets, this.flags.concurrency, (target) => planTarget(target, pool.clientsFor(target.region)))
      const failures = results.flatMap((r) => (r.ok ? [] : [r.error]))
      // One service: its error is the command's error, reported as any other.
      if (results.length === 1 && failures.length === 1) throw failures[0]
      const changed = results.some((r) => r.ok && hasChanges(r.value.plan))

      if (this.flags.json) {
        this.output.json({
          hasChanges: changed,
          services: results.map((r) =>
            r.ok
              ? { file: r.target.file, region: r.value.context.region, ...planToJson(r.value.plan) }
              : { file: r.target.file, service: r.target.manifest.name, cluster: r.target.manifest.cluster, error: describeError(r.error, this.id) },
          ),
        })
      } else {
        const { bold, red } = this.output.color
        for (const r of results) {
          if (results.length > 1) this.output.result(bold(`${r.target.manifest.name} (cluster ${r.target.manifest.cluster}) from ${r.target.file}`))
          this.output.result(r.ok ? formatPlan(r.value.plan, this.output.color) : red(`Error: ${describeError(r.error, this.id).message}`))
        }
      }

      if (failures.length > 0) this.exitWith(worstOutcome(failures.map((error) => describeError(error, this.id).exitCode)))
      if (this.flags['exit-code'] && changed) this.exitWith(EXIT_CODES.differences)
    } finally {
      pool.destroy()
    }
  }
}
