import { BaseCommand, EXIT_CODES_HELP } from '../lib/cli/base.js'
import { manifestSelection } from '../lib/cli/context.js'
import { loadManifests } from '../lib/manifest/load.js'

export default class Validate extends BaseCommand<typeof Validate> {
  static override summary = 'Check manifests without calling AWS.'
  static override description = `Checks structure, types, references between sections and what ECS accepts (Fargate sizes, roles, load balancers, EFS, autoscaling, tasks), and reports every problem at once as FILE:LINE:COLUMN  field  message.

${EXIT_CODES_HELP}`
  static override examples = [
    { description: 'Check ecsctl.yml in the working directory', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'Check every manifest in a directory with the staging overlay', command: '<%= config.bin %> <%= command.id %> -f services/ --env staging' },
    { description: 'Problems as JSON objects, for an editor or a bot', command: '<%= config.bin %> <%= command.id %> --json' },
  ]

  async run(): Promise<void> {
    const loaded = await loadManifests(manifestSelection(this.flags, process.env, process.cwd()))
    const manifests = loaded.map(({ file, manifest }) => ({ file, service: manifest.name, cluster: manifest.cluster }))
    if (this.flags.json) {
      this.output.json({ valid: true, env: this.flags.env ?? null, manifests })
      return
    }
    const { green } = this.output.color
    for (const m of manifests) this.output.result(`${green('✓')} ${m.file}: service ${m.service} in cluster ${m.cluster} is valid`)
  }
}
