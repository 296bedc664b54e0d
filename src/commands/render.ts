import * as Flags from '@oclif/core/flags'
import { stringify } from 'yaml'
import { BaseCommand, EXIT_CODES_HELP } from '../lib/cli/base.js'
import { manifestSelection, offlineRenderContext, resolveRegion } from '../lib/cli/context.js'
import { loadManifests } from '../lib/manifest/load.js'
import { renderRequests } from '../lib/render/index.js'

export default class Render extends BaseCommand<typeof Render> {
  static override summary = 'Print every AWS request a first deploy would send, without calling AWS.'
  static override description = `Each request is { service, operation, input }: service is the @aws-sdk/client-<service> package suffix, operation the API operation, input exactly the SDK command's input. Values known only once a resource exists appear as placeholders such as <target-group:web-app-8080:arn> and <account-id>.

${EXIT_CODES_HELP}`
  static override examples = [
    { description: 'The requests for ecsctl.yml, as YAML', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'As a JSON array, for the staging overlay', command: '<%= config.bin %> <%= command.id %> --env staging --json' },
    { description: 'Only the task definition', command: '<%= config.bin %> <%= command.id %> --operation RegisterTaskDefinition' },
  ]

  static override flags = {
    operation: Flags.string({ summary: 'Print only requests of this operation. Repeatable.', multiple: true }),
  }

  async run(): Promise<void> {
    const loaded = await loadManifests(manifestSelection(this.flags, process.env, process.cwd()))
    const wanted = this.flags.operation
    const requests = loaded.flatMap(({ manifest }) =>
      renderRequests(manifest, offlineRenderContext(resolveRegion(this.flags.region, manifest, process.env))),
    ).filter((request) => !wanted || wanted.includes(request.operation))
    if (this.flags.json) this.output.json(requests)
    else this.output.result(stringify(requests, { lineWidth: 0, aliasDuplicateObjects: false }))
  }
}
