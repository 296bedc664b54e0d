import { describe, expect, it } from 'vitest'
import { byField, byFields, deepEqual, diffValues, pairs } from '../../src/lib/plan/diff.js'

describe('diffValues', () => {
  it('names a changed field by its path', () => {
    expect(diffValues({ a: { b: 1, c: 'x' } }, { a: { b: 2, c: 'x' } })).toEqual([{ path: 'a.b', before: 1, after: 2 }])
  })

  it('writes additions without `before` and removals without `after`', () => {
    expect(diffValues({ gone: 1 }, { added: true })).toEqual([
      { path: 'added', after: true },
      { path: 'gone', before: 1 },
    ])
  })

  it('goes into objects that exist on one side only, so every field is listed', () => {
    expect(diffValues({}, { healthCheck: { command: ['CMD', 'true'], interval: 10 } })).toEqual([
      { path: 'healthCheck.command', after: ['CMD', 'true'] },
      { path: 'healthCheck.interval', after: 10 },
    ])
  })

  it('compares a list without a key as one value, order included', () => {
    expect(diffValues({ command: ['node', 'a.js'] }, { command: ['node', 'b.js'] })).toEqual([{ path: 'command', before: ['node', 'a.js'], after: ['node', 'b.js'] }])
    expect(diffValues({ command: ['a', 'b'] }, { command: ['b', 'a'] })).toHaveLength(1)
  })

  it('compares a keyed list item by item, in any order, by natural key', () => {
    const listKeys = { containers: { key: byField('name') } }
    const before = { containers: [{ name: 'sidecar', image: 'envoy' }, { name: 'app', image: 'web:1' }] }
    const after = { containers: [{ name: 'app', image: 'web:2' }, { name: 'sidecar', image: 'envoy' }, { name: 'job', image: 'job:1' }] }
    expect(diffValues(before, after, listKeys)).toEqual([
      { path: 'containers[app].image', before: 'web:1', after: 'web:2' },
      { path: 'containers[job].name', after: 'job' },
      { path: 'containers[job].image', after: 'job:1' },
    ])
  })

  it('compares name/value pairs as a map', () => {
    const listKeys = { 'containers[].environment': pairs('name', 'value'), containers: { key: byField('name') } }
    const before = { containers: [{ name: 'app', environment: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }] }
    const after = { containers: [{ name: 'app', environment: [{ name: 'B', value: '3' }, { name: 'C', value: '4' }] }] }
    expect(diffValues(before, after, listKeys)).toEqual([
      { path: 'containers[app].environment[B]', before: '2', after: '3' },
      { path: 'containers[app].environment[C]', after: '4' },
      { path: 'containers[app].environment[A]', before: '1' },
    ])
  })

  it('keeps items that share a key apart', () => {
    const listKeys = { ports: { key: byField('port') } }
    expect(diffValues({ ports: [{ port: 80, p: 'tcp' }] }, { ports: [{ port: 80, p: 'tcp' }, { port: 80, p: 'udp' }] }, listKeys)).toEqual([
      { path: 'ports[80#2].port', after: 80 },
      { path: 'ports[80#2].p', after: 'udp' },
    ])
  })

  it('finds nothing between equal values', () => {
    expect(diffValues({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([])
    expect(diffValues(undefined, undefined)).toEqual([])
  })
})

describe('keys', () => {
  it('byFields joins the fields that are set', () => {
    expect(byFields('type', 'expression')({ type: 'memberOf', expression: 'x' })).toBe('memberOf x')
    expect(byFields('type', 'expression')({ type: 'distinctInstance' })).toBe('distinctInstance')
  })
})

describe('deepEqual', () => {
  it('ignores key order and compares dates by time', () => {
    expect(deepEqual({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true)
    expect(deepEqual(new Date(5), new Date(5))).toBe(true)
    expect(deepEqual({ a: undefined }, {})).toBe(true)
    expect(deepEqual([1, 2], [2, 1])).toBe(false)
    expect(deepEqual({ a: 1 }, { a: '1' })).toBe(false)
  })
})
