import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { EcsctlError } from '../../src/lib/errors.js'
import { describeError, reportError } from '../../src/lib/output/errors.js'
import { createOutput } from '../../src/lib/output/terminal.js'

function capture() {
  const chunks = { stdout: '', stderr: '' }
  const sink = (key: 'stdout' | 'stderr') => new Writable({ write(chunk, _encoding, done) { chunks[key] += String(chunk); done() } })
  return { chunks, output: createOutput({ stdout: sink('stdout'), stderr: sink('stderr'), env: {} }) }
}

describe('reportError', () => {
  it('prints message and hint of an ecsctl error and returns its exit code', () => {
    const { chunks, output } = capture()
    const code = reportError(output, new EcsctlError('aws', 'AccessDenied on ecs:DescribeServices', { hint: 'Check the role.' }), { json: false, debug: false })
    expect(code).toBe(4)
    expect(chunks.stderr).toBe('Error: AccessDenied on ecs:DescribeServices\nCheck the role.\n')
    expect(chunks.stdout).toBe('')
  })

  it('treats anything else as a bug: exit 1, a short report, the stack only with --debug', () => {
    const bug = new TypeError('x is undefined')
    const quiet = capture()
    expect(reportError(quiet.output, bug, { json: false, debug: false })).toBe(1)
    expect(quiet.chunks.stderr).toContain('ecsctl failed unexpectedly: x is undefined')
    expect(quiet.chunks.stderr).not.toContain(' at ')
    const loud = capture()
    reportError(loud.output, bug, { json: false, debug: true })
    expect(loud.chunks.stderr).toContain('TypeError: x is undefined\n    at ')
  })

  it('writes { error } as JSON on stdout under --json', () => {
    const { chunks, output } = capture()
    reportError(output, new EcsctlError('timeout', 'Timed out after 15m'), { json: true, debug: false })
    expect(JSON.parse(chunks.stdout)).toEqual({ error: { kind: 'timeout', exitCode: 6, message: 'Timed out after 15m' } })
  })

  it('maps oclif parse errors to usage errors (exit 2)', () => {
    const parseError = Object.assign(new Error('Nonexistent flag: --nope'), { oclif: { exit: 2 }, parse: {} })
    expect(describeError(parseError, 'render')).toMatchObject({ exitCode: 2, hint: 'See `ecsctl render --help`.' })
  })
})
