import * as Flags from '@oclif/core/flags'
import { createClients } from '../lib/aws/clients.js'
import { BaseCommand, EXIT_CODES_HELP } from '../lib/cli/base.js'
import { serviceSelection } from '../lib/cli/context.js'
import { deployMaxAttempts } from '../lib/deploy/deploy.js'
import { parseDuration } from '../lib/duration.js'
import { formatRollbackResult, rollbackService } from '../lib/ops/rollback.js'
import { resolveServiceRef, serviceFlags } from '../lib/ops/service.js'
import { terminalWaiting } from '../lib/ops/terminal.js'

export default class Rollback extends BaseCommand<typeof Rollback> {
  static override summary = 'Return the service to an earlier task definition revision and follow the rollout.'
  static override description = `Without --to: the newest ACTIVE revision of the service's family older than the one it runs. With --to: that revision (41, web:41 or its ARN). Only the service's task definition changes (one UpdateService); the count, load balancers and autoscaling stay as they are.

Then it follows the deployment, as deploy does: COMPLETED exits 0; FAILED or rolled back by the circuit breaker exits 5 with the stopped tasks' reasons and log lines; the timeout exits 6; Ctrl-C exits 130 and ECS carries on.

The manifest is not changed: \`ecsctl diff\` afterwards shows the revision rolled back from, and the next deploy rolls forward again.

With --json, prints one object: { service, cluster, from, to, taskDefinitionArn, images, outcome, deploymentId, durationMs }.

${EXIT_CODES_HELP}`
  static override examples = [
    { description: 'Back to the revision before the current one', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'Back to revision 41, for a service without a manifest', command: '<%= config.bin %> <%= command.id %> --to 41 --service web --cluster prod' },
    { description: 'Which revisions there are', command: '<%= config.bin %> history' },
  ]

  static override flags = {
    ...serviceFlags,
    to: Flags.string({ summary: 'The revision to return to: 41, FAMILY:41 or a task definition ARN.' }),
    wait: Flags.boolean({ summary: 'Follow the rollout until it completes (--no-wait returns once ECS accepted the update).', default: true, allowNo: true }),
    timeout: Flags.string({ summary: 'How long to wait for the rollout, e.g. 90s, 15m.', default: '15m' }),
  }

  async run(): Promise<void> {
    const timeoutMs = parseDuration(this.flags.timeout, '--timeout')
    const ref = await resolveServiceRef(serviceSelection(this.flags, this.id))
    const clients = createClients({ region: ref.region, profile: this.flags.profile, maxAttempts: deployMaxAttempts(process.env) })
    const terminal = terminalWaiting({ json: this.flags.json })
    try {
      const { waiting } = terminal
      const result = await rollbackService({ clients, ref, to: this.flags.to, wait: this.flags.wait, timeoutMs, signal: waiting.signal }, waiting)
      if (this.flags.json) this.output.json(result)
      else this.output.result(formatRollbackResult(result, this.output.color))
    } finally {
      terminal.dispose()
      clients.destroy()
    }
  }
}
