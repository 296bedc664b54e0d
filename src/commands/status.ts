import * as Flags from '@oclif/core/flags'
import { createClients } from '../lib/aws/clients.js'
import { BaseCommand, EXIT_CODES_HELP } from '../lib/cli/base.js'
import { serviceSelection } from '../lib/cli/context.js'
import { createClientPool } from '../lib/deploy/services.js'
import { formatStatus, readStatus } from '../lib/ops/status.js'
import { resolveServiceRef, serviceFlags } from '../lib/ops/service.js'

export default class Status extends BaseCommand<typeof Status> {
  static override summary = 'Show what a service runs now: deployments, target health, autoscaling and recent events.'
  static override description = `Reads the service from AWS (read calls only): its deployments with their rollout state, task counts, task definition revision and container images; the health of each target group, with the load balancer's reasons for unhealthy targets; the autoscaling range, policies and the next scheduled action (computed from its cron, rate or at expression in its time zone); and the last service events.

The service is the one in the manifest, or --service NAME --cluster NAME without a manifest.

With --json, prints one object: { service, deployments, targetGroups, autoscaling, events, gaps }. Anything that could not be read (for example autoscaling without permission) is listed in gaps and the rest is still shown.

${EXIT_CODES_HELP}`
  static override examples = [
    { description: 'The service of ecsctl.yml', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'A service without a manifest, with the last 20 events', command: '<%= config.bin %> <%= command.id %> --service web --cluster prod --events 20' },
    { description: 'As JSON, for a script', command: '<%= config.bin %> <%= command.id %> -f services/web.yml --env staging --json' },
  ]

  static override flags = {
    ...serviceFlags,
    events: Flags.integer({ summary: 'How many of the latest service events to show.', default: 5, min: 0, max: 100 }),
  }

  async run(): Promise<void> {
    const ref = await resolveServiceRef(serviceSelection(this.flags, this.id))
    const pool = createClientPool({ profile: this.flags.profile }, createClients)
    try {
      const report = await readStatus(pool.clientsFor(ref.region), ref, { events: this.flags.events, now: new Date() })
      if (this.flags.json) this.output.json(report)
      else this.output.result(formatStatus(report, this.output.color))
    } finally {
      pool.destroy()
    }
  }
}
