import { setTimeout as sleep } from 'node:timers/promises'
import * as Flags from '@oclif/core/flags'
import { createClients } from '../lib/aws/clients.js'
import { BaseCommand, EXIT_CODES_HELP } from '../lib/cli/base.js'
import { serviceSelection } from '../lib/cli/context.js'
import { createClientPool } from '../lib/deploy/services.js'
import { formatLogLine, logEventJson, parseSince, readLogs, readServiceLogSources, selectContainer } from '../lib/ops/logs.js'
import { resolveServiceRef, serviceFlags } from '../lib/ops/service.js'

export default class Logs extends BaseCommand<typeof Logs> {
  static override summary = "Print the service's container logs from CloudWatch Logs; --follow to keep printing."
  static override description = `Finds where each container logs from the task definitions the service runs (their awslogs group and stream prefix), and prints the events since --since, oldest first, each line prefixed with its time, container and task id. Containers that do not log with the awslogs driver and a stream prefix are named on stderr and skipped.

--follow keeps polling for new events until Ctrl-C, which ends the command with exit code 0.

With --json, prints JSON Lines: one object per event, one per line, as they arrive:
  {"timestamp":"2026-11-23T16:40:01.123Z","container":"app","taskId":"0123…","message":"…","logGroup":"/ecs/web","logStream":"app/app/0123…","eventId":"…"}
Notes (a log group that does not exist yet, skipped containers) go to stderr.

The service is the one in the manifest, or --service NAME --cluster NAME without a manifest.

${EXIT_CODES_HELP}`
  static override examples = [
    { description: 'The last 10 minutes of every container', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'Follow the app container from an hour ago', command: '<%= config.bin %> <%= command.id %> --container app --since 1h --follow' },
    { description: 'Since a point in time, without a manifest', command: '<%= config.bin %> <%= command.id %> --service web --cluster prod --since 2026-11-23T16:00:00Z' },
    { description: 'Errors only, as JSON Lines', command: "<%= config.bin %> <%= command.id %> --json | jq -c 'select(.message | test(\"ERROR\"))'" },
  ]

  static override flags = {
    ...serviceFlags,
    container: Flags.string({ char: 'c', summary: 'Only this container (default: every container).' }),
    since: Flags.string({ summary: 'Start from this long ago (30s, 10m, 1h, 2d) or from an ISO time.', default: '10m' }),
    follow: Flags.boolean({ summary: 'Keep printing new events until Ctrl-C.' }),
  }

  async run(): Promise<void> {
    const since = parseSince(this.flags.since, new Date())
    const ref = await resolveServiceRef(serviceSelection(this.flags, this.id))
    const pool = createClientPool({ profile: this.flags.profile }, createClients)
    const stop = new AbortController()
    const onInterrupt = () => stop.abort()
    process.once('SIGINT', onInterrupt)
    try {
      const clients = pool.clientsFor(ref.region)
      const { sources, skipped } = selectContainer(await readServiceLogSources(clients, ref), this.flags.container)
      for (const skip of skipped) this.output.note(`Skipping container ${skip.container}: ${skip.reason}.`)
      await readLogs(
        {
          sources,
          since,
          follow: this.flags.follow,
          signal: stop.signal,
          logsClient: (region) => pool.clientsFor(region ?? ref.region).logs(),
        },
        { sleep: (ms, signal) => sleep(ms, undefined, { signal }), now: Date.now },
        {
          event: (event) => this.output.result(this.flags.json ? logEventJson(event) : formatLogLine(event, this.output.color)),
          note: (text) => this.output.note(text),
        },
      )
    } finally {
      process.off('SIGINT', onInterrupt)
      pool.destroy()
    }
  }
}
