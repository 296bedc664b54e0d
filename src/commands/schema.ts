import { writeFile } from 'node:fs/promises'
import * as Flags from '@oclif/core/flags'
import { BaseCommand } from '../lib/cli/base.js'
import { manifestJsonSchema } from '../lib/manifest/json-schema.js'

export default class Schema extends BaseCommand<typeof Schema> {
  static override summary = 'Write the JSON Schema of the manifest, for editor completion and checks.'
  static override description = `Point your editor at it with a first line in ecsctl.yml:
  # yaml-language-server: $schema=./ecsctl.schema.json`
  static override examples = [
    { description: 'Write ecsctl.schema.json in the working directory', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'Print it instead', command: '<%= config.bin %> <%= command.id %> --output -' },
  ]

  static override flags = {
    output: Flags.string({ char: 'o', summary: 'Where to write it; - for standard output.', default: 'ecsctl.schema.json' }),
  }

  async run(): Promise<void> {
    const text = `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`
    const target = this.flags.output
    if (target === '-') {
      this.output.result(text)
      return
    }
    await writeFile(target, text)
    if (this.flags.json) this.output.json({ written: target, bytes: Buffer.byteLength(text) })
    else this.output.result(`Wrote ${target}. Add this first line to ecsctl.yml:\n# yaml-language-server: $schema=./${target}`)
  }
}
