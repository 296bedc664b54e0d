import nodePath from 'node:path'
import * as Flags from '@oclif/core/flags'
import { createClients } from '../lib/aws/clients.js'
import { BaseCommand, EXIT_CODES_HELP } from '../lib/cli/base.js'
import { DEFAULT_OUTPUT, initFromQuestions, initFromService, noTerminalError, type InitResult } from '../lib/ops/init.js'
import type { Colors } from '../lib/output/terminal.js'
import { isInteractiveTerminal, terminalPrompter } from '../lib/ops/terminal.js'

export default class Init extends BaseCommand<typeof Init> {
  static override summary = 'Write a manifest: a starter one by asking, or the manifest of a live service.'
  static override description = `In a terminal, asks for the service name, cluster, launch type, image, port, size (only the cpu/memory pairs Fargate offers), subnets and security groups, and whether the service sits behind an Application Load Balancer, then writes ${DEFAULT_OUTPUT}.

With --from-service CLUSTER/SERVICE (no terminal needed, so it works in CI), reads the live service and writes its manifest: containers, task settings, volumes (EFS included), network, placement, load balancers with their target group, rule and health check, autoscaling (targets, step policies with their alarms, schedules), deployment settings and tags, so that \`ecsctl diff\` right after shows no changes. This is how a service deployed by other tools moves to ecsctl. What the manifest cannot express, or resources ecsctl will create beside those it did not name itself, are printed as notes, with what \`ecsctl diff\` will show.

The file starts with a line that points editors at the JSON Schema \`ecsctl schema\` writes, and is checked as \`ecsctl validate\` would before it is written. An existing file is never overwritten without --force.

${EXIT_CODES_HELP}`
  static override examples = [
    { description: 'Answer a few questions and write ecsctl.yml', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'Move a live service to ecsctl, then check that nothing would change', command: '<%= config.bin %> <%= command.id %> --from-service prod/web --region eu-west-1 && <%= config.bin %> diff' },
    { description: 'Write to another file, replacing it if it exists', command: '<%= config.bin %> <%= command.id %> --from-service prod/web -o services/web.yml --force' },
  ]

  static override flags = {
    'from-service': Flags.string({ summary: 'Write the manifest of this live service: CLUSTER/SERVICE, or its ARN.' }),
    output: Flags.string({ char: 'o', summary: 'The file to write.', default: DEFAULT_OUTPUT }),
    force: Flags.boolean({ summary: 'Replace the file if it exists.' }),
  }

  async run(): Promise<void> {
    const target = { output: this.flags.output, force: this.flags.force }
    const from = this.flags['from-service']
    let result: InitResult
    if (from) {
      const clients = createClients({ region: this.flags.region, profile: this.flags.profile })
      try {
        result = await initFromService(clients, { ...target, from })
      } finally {
        clients.destroy()
      }
    } else {
      if (!isInteractiveTerminal(process.stdin, process.stdout)) throw noTerminalError()
      result = await initFromQuestions(terminalPrompter(process.stderr, 'Cancelled at the prompt; nothing was written.'), target, nodePath.basename(process.cwd()))
    }

    if (this.flags.json) {
      this.output.json(result)
      return
    }
    for (const note of result.notes) this.output.note(`${this.output.color.yellow('Note:')} ${note}`)
    this.output.result(formatInitResult(result, this.output.color))
  }
}

/** What was written, what diff will show, and what to run next. */
export function formatInitResult(result: InitResult, colors: Colors): string {
  const source = result.source === 'live-service' ? `the live service ${result.cluster}/${result.service}${result.region ? ` (${result.region})` : ''}` : `service ${result.service} in cluster ${result.cluster}`
  const lines = [`${colors.green('Wrote')} ${result.file} for ${source}.`]
  const diff = result.expectedDiff
  if (diff && diff.resources.length > 0) {
    const { create, update, delete: remove } = diff.summary
    lines.push(`ecsctl diff will show ${create} to create, ${update} to update, ${remove} to delete:`, ...diff.resources.map((line) => `  ${line}`))
  } else if (diff) {
    lines.push('ecsctl diff will show no changes.')
  }
  lines.push(`Next: ${colors.bold(result.next)}`)
  return lines.join('\n')
}
