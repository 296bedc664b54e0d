// The manifest's JSON Schema, for editors. Its own module: zod's JSON Schema code is large, and
// only `ecsctl schema` needs it (the other commands start faster without loading it).
import { toJSONSchema } from 'zod'
import { manifestFileSchema } from './schema.js'

/** The JSON Schema an editor uses to complete and check ecsctl.yml. */
export function manifestJsonSchema(): Record<string, unknown> {
  return {
    ...toJSONSchema(manifestFileSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }),
    $id: 'https://ecsctl.dev/schema/manifest-v1.json',
    title: 'ecsctl service manifest, version 1',
  }
}
