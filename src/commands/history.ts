import * as Flags from '@oclif/core/flags'
import { createClients } from '../lib/aws/clients.js'
import { BaseCommand, EXIT_CODES_HELP } from '../lib/cli/base.js'
import { serviceSelection } from '../lib/cli/context.js'
import { createClientPool } from '../lib/deploy/services.js'
import { formatHistory, readHistory } from '../lib/ops/history.js'
import { resolveServiceRef, serviceFlags } from '../lib/ops/service.js'

export default class History extends BaseCommand<typeof History> {
  static override summary = 'List the task definition revisions of a service and its recent deployments.'
  static override description = `Reads the newest ACTIVE revisions of the service's task definition family (the image tag of each container, when it was registered, and which one runs now), and the deployments ECS lists for the service (id, status, rollout state, revision, created and updated). Read calls only.

The service is the one in the manifest, or --service NAME --cluster NAME without a manifest.

With --json, prints one object: { service, cluster, family, revisions, deployments }.

${EXIT_CODES_HELP}`
  static override examples = [
    { description: 'The last 10 revisions of the service of ecsctl.yml', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'The last 30, for a service without a manifest', command: '<%= config.bin %> <%= command.id %> --service web --cluster prod --limit 30' },
    { description: 'The revision to roll back to, in a script', command: "<%= config.bin %> <%= command.id %> --json | jq -r '.revisions[1].name'" },
  ]

  static override flags = {
    ...serviceFlags,
    limit: Flags.integer({ summary: 'How many revisions to list, newest first.', default: 10, min: 1, max: 100 }),
  }

  async run(): Promise<void> {
    const ref = await resolveServiceRef(serviceSelection(this.flags, this.id))
    const pool = createClientPool({ profile: this.flags.profile }, createClients)
    try {
      const report = await readHistory(pool.clientsFor(ref.region), ref, { limit: this.flags.limit })
      if (this.flags.json) this.output.json(report)
      else this.output.result(formatHistory(report, this.output.color))
    } finally {
      pool.destroy()
    }
  }
}
