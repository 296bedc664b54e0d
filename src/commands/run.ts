import * as Flags from '@oclif/core/flags'
import { createClients } from '../lib/aws/clients.js'
import { parseDuration } from '../lib/duration.js'
import { BaseCommand, EXIT_CODES_HELP } from '../lib/cli/base.js'
import { serviceSelection } from '../lib/cli/context.js'
import { invalid } from '../lib/errors.js'
import { runOneOffTask } from '../lib/ops/run.js'
import { resolveServiceRef, serviceFlags } from '../lib/ops/service.js'
import { terminalWaiting } from '../lib/ops/terminal.js'

export default class Run extends BaseCommand<typeof Run> {
  static override summary = 'Run a one-off task (a migration, a script) from the service\'s task definition and network, and exit with its exit code.'
  static override description = `Starts one task from the revision the service runs now, with its subnets, security groups, launch type or capacity providers, and COMMAND (everything after \`--\`) replacing the command of one container (--container, default: the first essential one). The task is started by "ecsctl-run".

ecsctl waits for the task to stop, prints that container's log lines as they arrive (awslogs driver with a stream prefix), and exits with the container's exit code: 0 on success, the container's code otherwise, with the reason ECS gives. A task whose container never ran (CannotPullContainerError, a secret it could not read) exits 5. RunTask failures (no capacity) exit 4. Ctrl-C stops waiting (exit 130); the task keeps running.

Note that the container's own exit code may coincide with ecsctl's codes below.

${EXIT_CODES_HELP}`
  static override examples = [
    { description: 'Run the database migrations and fail the CI step when they fail', command: '<%= config.bin %> <%= command.id %> -- npm run migrate' },
    { description: 'In another container, through a shell', command: '<%= config.bin %> <%= command.id %> --container worker -- sh -c "bin/rake db:seed && echo done"' },
    { description: 'Start it and print its ARN without waiting', command: '<%= config.bin %> <%= command.id %> --no-wait -- ./cleanup.sh' },
  ]

  static override usage = '<%= command.id %> [FLAGS] -- COMMAND...'

  // The command words after `--` are not flags or declared arguments.
  static override strict = false

  static override flags = {
    ...serviceFlags,
    container: Flags.string({ summary: 'The container that runs COMMAND (default: the first essential container).' }),
    wait: Flags.boolean({ summary: 'Wait for the task to stop and stream its logs; --no-wait prints the task ARN and returns.', default: true, allowNo: true }),
    timeout: Flags.string({ summary: 'How long to wait for the task to stop (90s, 15m, 1h).', default: '1h' }),
  }

  async run(): Promise<void> {
    const command = await this.commandWords()
    const timeoutMs = parseDuration(this.flags.timeout, '--timeout')
    const ref = await resolveServiceRef(serviceSelection(this.flags, this.id))
    const clients = createClients({ region: ref.region, profile: this.flags.profile })
    const terminal = terminalWaiting({ json: this.flags.json })
    try {
      const result = await runOneOffTask({
        clients,
        ref,
        command,
        container: this.flags.container,
        wait: this.flags.wait,
        timeoutMs,
        waiting: terminal.waiting,
        // The container's output is the result, unless stdout is reserved for the JSON document.
        onLog: (line) => (this.flags.json ? this.output.note(line) : this.output.result(line)),
        onNote: (text) => this.output.note(text),
        onStarted: (taskArn) => this.output.note(`Started task ${taskArn}`),
      })
      if (!this.flags.wait) {
        if (this.flags.json) this.output.json({ taskArn: result.taskArn })
        else this.output.result(result.taskArn)
        return
      }
      if (this.flags.json) this.output.json(result)
      const exitCode = result.exitCode ?? 0
      if (exitCode !== 0) {
        this.output.note(`${result.container} exited with code ${exitCode}${result.stoppedReason ? `: ${result.stoppedReason}` : ''}.`)
        this.exitWith(exitCode)
      }
    } finally {
      terminal.dispose()
      clients.destroy()
    }
  }

  /** Everything after `--`; other words (oclif passes them on with strict = false) are a mistake. */
  private async commandWords(): Promise<string[]> {
    const { argv } = await this.parse(Run)
    const separator = this.argv.indexOf('--')
    const command = separator >= 0 ? this.argv.slice(separator + 1) : []
    const stray = (argv as string[]).slice(0, argv.length - command.length)
    if (stray.length > 0) throw invalid(`Put the command after \`--\`: \`ecsctl run [FLAGS] -- ${[...stray, ...command].join(' ')}\`.`)
    if (command.length === 0) throw invalid('Pass the command to run after `--`, e.g. `ecsctl run -- npm run migrate`.')
    return command
  }
}
