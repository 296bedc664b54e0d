// Offline commands must never load the SDK: every module of the AWS edge may import SDK *types*
// at its top level, and loads SDK code only with import() when a request is about to be made.
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '../../src/lib/aws')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  )
}

/** Top-level imports and re-exports of `@aws-sdk/*` that would load code at run time. */
function valueImportsOfSdk(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true)
  const found: string[] = []
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) {
      const specifier = statement.moduleSpecifier
      if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('@aws-sdk/')) continue
      if (!isTypeOnly(statement)) found.push(statement.getText(source))
    }
  }
  return found
}

function isTypeOnly(statement: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(statement)) return statement.isTypeOnly
  const clause = statement.importClause
  if (!clause) return false // a bare `import '@aws-sdk/x'` runs the module
  if (clause.isTypeOnly) return true
  if (clause.name) return false
  const bindings = clause.namedBindings
  return bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((element) => element.isTypeOnly)
}

describe('the AWS edge loads no SDK code at import time', () => {
  const files = sourceFiles(root)

  it('finds the modules to check', () => {
    expect(files.map((file) => relative(root, file))).toEqual(expect.arrayContaining(['clients.ts', 'errors.ts', 'read.ts', 'readers/ecs.ts']))
  })

  it.each(files.map((file) => [relative(root, file), file]))('%s imports SDK types only', (_name, file) => {
    expect(valueImportsOfSdk(file)).toEqual([])
  })

  it('the check sees a value import', () => {
    expect(isTypeOnly(parseFirst("import { ECSClient } from '@aws-sdk/client-ecs'"))).toBe(false)
    expect(isTypeOnly(parseFirst("import { type ECSClient, DescribeServicesCommand } from '@aws-sdk/client-ecs'"))).toBe(false)
    expect(isTypeOnly(parseFirst("import { type ECSClient } from '@aws-sdk/client-ecs'"))).toBe(true)
    expect(isTypeOnly(parseFirst("import type { ECSClient } from '@aws-sdk/client-ecs'"))).toBe(true)
  })
})

describe('at run time, with every @aws-sdk import made to fail', () => {
  // Imports the edge, creates clients and derives what to read: all of it without the SDK. Then
  // asks for a client, which must be the first thing to load SDK code (and so fails here).
  const script = `
    const { createClients } = await import('./src/lib/aws/clients.ts')
    const { readTargets } = await import('./src/lib/aws/read.ts')
    const { toEcsctlError } = await import('./src/lib/aws/errors.ts')
    const { manifestSchema } = await import('./src/lib/manifest/schema.ts')
    const clients = createClients({ region: 'us-east-1' })
    const targets = readTargets(manifestSchema.parse({ version: 1, name: 'web', cluster: 'prod', containers: { app: { image: 'nginx' } } }))
    const mapped = toEcsctlError(new Error('x'), 'test')
    const firstUse = await clients.ecs().then(() => 'loaded', (error) => error.message)
    console.log(JSON.stringify({ family: targets.family, kind: mapped.kind, firstUse }))
  `

  it('loads no SDK code until a client is asked for', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--import', join(import.meta.dirname, 'fixtures/block-sdk.mjs'), '--input-type=module', '-e', script], {
      cwd: join(import.meta.dirname, '../..'),
      encoding: 'utf8',
    })
    expect(result.stderr).toBe('')
    expect(JSON.parse(result.stdout)).toEqual({ family: 'web', kind: 'aws', firstUse: 'SDK loaded: @aws-sdk/client-ecs' })
  })
})

function parseFirst(code: string): ts.ImportDeclaration {
  const statement = ts.createSourceFile('x.ts', code, ts.ScriptTarget.ES2022, true).statements[0]
  if (!statement || !ts.isImportDeclaration(statement)) throw new Error('not an import')
  return statement
}
