import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import { createClients } from '../lib/aws/clients.js'
import { parseDuration } from '../lib/duration.js'
import { BaseCommand, EXIT_CODES_HELP } from '../lib/cli/base.js'
import { serviceSelection } from '../lib/cli/context.js'
import { formatScaleResult, scaleService } from '../lib/ops/scale.js'
import { resolveServiceRef, serviceFlags } from '../lib/ops/service.js'
import { isInteractiveTerminal, terminalPrompter, terminalWaiting } from '../lib/ops/terminal.js'

export default class Scale extends BaseCommand<typeof Scale> {
  static override summary = 'Set the desired count of a service, or its autoscaling range; asks in a terminal when no COUNT is given.'
  static override description = `With COUNT: sets the service's desired count (UpdateService). With --min/--max: sets the Application Auto Scaling range (RegisterScalableTarget); both may be given at once, and the range is sent first.

A COUNT outside the autoscaling range is refused (exit 2): Application Auto Scaling would move the count back at its next scaling activity. Widen the range with --min/--max, or pass --suspend-scaling to suspend dynamic and scheduled scaling (--resume-scaling turns it back on).

Without COUNT in a terminal, ecsctl shows the desired, running and pending counts, the range and the policies, asks for the count, and when it is outside the range offers to widen the range, suspend scaling, or cancel. Without a terminal, COUNT (or --min/--max) is required.

${EXIT_CODES_HELP}`
  static override examples = [
    { description: 'Ask for the count, showing the current state (in a terminal)', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'Run 5 tasks and wait until they all run', command: '<%= config.bin %> <%= command.id %> 5 --wait' },
    { description: 'Set the autoscaling range', command: '<%= config.bin %> <%= command.id %> --min 2 --max 10' },
    { description: 'Scale to 0 for the night, with autoscaling suspended', command: '<%= config.bin %> <%= command.id %> 0 --suspend-scaling' },
    { description: 'A service without a manifest', command: '<%= config.bin %> <%= command.id %> 3 --service web --cluster prod --region eu-west-1' },
  ]

  static override args = {
    count: Args.integer({ description: 'The desired number of tasks.', min: 0, required: false }),
  }

  static override flags = {
    ...serviceFlags,
    min: Flags.integer({ summary: 'Lowest count autoscaling may set.', min: 0 }),
    max: Flags.integer({ summary: 'Highest count autoscaling may set.', min: 0 }),
    'suspend-scaling': Flags.boolean({ summary: 'Suspend dynamic and scheduled scaling, so that COUNT stays even outside the range.', exclusive: ['resume-scaling'] }),
    'resume-scaling': Flags.boolean({ summary: 'Turn dynamic and scheduled scaling back on.' }),
    wait: Flags.boolean({ summary: 'Wait until the running count equals the desired count.' }),
    timeout: Flags.string({ summary: 'How long --wait waits (90s, 15m, 1h).', default: '10m' }),
  }

  async run(): Promise<void> {
    const { args } = await this.parse(Scale)
    const timeoutMs = parseDuration(this.flags.timeout, '--timeout')
    const ref = await resolveServiceRef(serviceSelection(this.flags, this.id))
    const clients = createClients({ region: ref.region, profile: this.flags.profile })
    const terminal = terminalWaiting({ json: this.flags.json })
    try {
      const result = await scaleService({
        clients,
        ref,
        request: {
          count: args.count,
          min: this.flags.min,
          max: this.flags.max,
          suspendScaling: this.flags['suspend-scaling'],
          resumeScaling: this.flags['resume-scaling'],
        },
        prompter: isInteractiveTerminal(process.stdin, process.stdout) ? terminalPrompter(process.stderr) : undefined,
        show: (text) => this.output.note(text),
        wait: this.flags.wait ? { timeoutMs, waiting: terminal.waiting } : undefined,
      })
      if (this.flags.json) this.output.json(result)
      else this.output.result(formatScaleResult(result))
    } finally {
      terminal.dispose()
      clients.destroy()
    }
  }
}
