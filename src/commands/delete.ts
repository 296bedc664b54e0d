import * as Flags from '@oclif/core/flags'
import { createClients } from '../lib/aws/clients.js'
import { parseDuration } from '../lib/duration.js'
import { BaseCommand, EXIT_CODES_HELP } from '../lib/cli/base.js'
import { serviceSelection } from '../lib/cli/context.js'
import { EXIT_CODES } from '../lib/errors.js'
import { deleteServiceAndResources, formatDeletionReport } from '../lib/ops/delete.js'
import { resolveServiceRef, serviceFlags } from '../lib/ops/service.js'
import { isInteractiveTerminal, terminalPrompter, terminalWaiting } from '../lib/ops/terminal.js'

export default class Delete extends BaseCommand<typeof Delete> {
  static override summary = 'Delete the service and what ecsctl created for it; asks in a terminal, needs --yes elsewhere.'
  static override description = `Deregisters the service's scalable target (its scaling policies and scheduled actions go with it), deletes the step-scaling alarms and scheduled-task rules ecsctl created, scales the service to 0 and deletes it, waits until its tasks are gone, then deletes the listener rules, target groups and EFS access points ecsctl created for it.

Only what carries the tag ecsctl:service=<name> and belongs to this service in this cluster is deleted. Task definitions and log groups are kept: they record what ran and what it said.

In a terminal ecsctl lists what it will delete and keep, and asks you to type the service name. Elsewhere it needs --yes. When something cannot be deleted it says what was and was not deleted, and exits 4; running it again finishes the job.

${EXIT_CODES_HELP}`
  static override examples = [
    { description: 'Delete the service of ecsctl.yml, confirming by typing its name', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'In CI', command: '<%= config.bin %> <%= command.id %> -f services/preview.yml --env pr-123 --yes' },
    { description: 'A service without its manifest', command: '<%= config.bin %> <%= command.id %> --service web --cluster staging --yes --json' },
  ]

  static override flags = {
    ...serviceFlags,
    yes: Flags.boolean({ char: 'y', summary: 'Delete without asking (required without a terminal).' }),
    timeout: Flags.string({ summary: 'How long to wait for the service\'s tasks to stop (90s, 15m, 1h).', default: '10m' }),
  }

  async run(): Promise<void> {
    const timeoutMs = parseDuration(this.flags.timeout, '--timeout')
    const interactive = isInteractiveTerminal(process.stdin, process.stdout)
    const ref = await resolveServiceRef(serviceSelection(this.flags, this.id))
    const clients = createClients({ region: ref.region, profile: this.flags.profile })
    const terminal = terminalWaiting({ json: this.flags.json })
    try {
      const report = await deleteServiceAndResources({
        clients,
        ref,
        yes: this.flags.yes,
        prompter: interactive ? terminalPrompter(process.stderr) : undefined,
        show: (text) => this.output.note(text),
        timeoutMs,
        waiting: terminal.waiting,
      })
      if (this.flags.json) this.output.json(report)
      else this.output.result(formatDeletionReport(report))
      if (report.stoppedBy === 'interrupted') this.exitWith(EXIT_CODES.interrupted)
      if (report.failed.length > 0) this.exitWith(EXIT_CODES.aws)
      if (report.stoppedBy === 'timeout') this.exitWith(EXIT_CODES.timeout)
    } finally {
      terminal.dispose()
      clients.destroy()
    }
  }
}
