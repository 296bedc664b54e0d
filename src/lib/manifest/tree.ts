// A parsed YAML document -> plain values, with the position of every key and value, `${VAR}`
// interpolation of scalar values (never keys, never comments: comments are not in the tree),
// duplicate keys and `<<` merge keys handled here rather than by yaml's toJS, so that each
// problem can point at the node that caused it.
import { isAlias, isMap, isScalar, isSeq, type Alias, type Document, type LineCounter, type Node as YamlNode, type Scalar, type YAMLMap } from 'yaml'
import { interpolate, retypePlain, type Variables } from './interpolate.js'
import { pathKey, type NodeLocation, type Path, type Position } from './positions.js'
import { defineEntry as define } from './values.js'

export interface TreeProblem {
  path: Path
  position: Position
  message: string
  /** A `${...}` that could not be resolved (rather than a problem of the YAML itself). */
  unresolved?: boolean
}

export interface Tree {
  value: unknown
  locations: Map<string, NodeLocation>
  problems: TreeProblem[]
  /** Paths whose `${...}` could not be resolved: schema errors there would only repeat the problem. */
  unresolved: Path[]
}

interface Context {
  doc: Document.Parsed
  text: string
  lineCounter: LineCounter
  vars: Variables
}

// An alias may point at a node full of aliases; cap the expansion so that a hostile file
// (the "billion laughs") cannot make us build an enormous tree.
const MAX_ALIAS_EXPANSIONS = 1000

export function readTree(context: Context): Tree {
  const { doc, text, lineCounter, vars } = context
  const locations = new Map<string, NodeLocation>()
  const problems: TreeProblem[] = []
  const unresolved: Path[] = []
  let aliasExpansions = 0

  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset)
    return { line, column: col }
  }
  const startOf = (node: YamlNode | null | undefined, fallback: Position): Position =>
    node?.range ? position(node.range[0]) : fallback

  function record(path: Path, node: YamlNode, key: Position | undefined): void {
    const range = node.range ?? [0, 0, 0]
    const location: NodeLocation = { value: position(range[0]) }
    if (key) location.key = key
    if (isScalar(node)) location.source = text.slice(range[0], range[1])
    locations.set(pathKey(path), location)
  }

  function read(node: unknown, path: Path, key: Position | undefined, expanding: ReadonlySet<YamlNode>): unknown {
    if (isAlias(node)) return readAlias(node, path, key, expanding)
    if (isScalar(node)) return readScalar(node, path, key)
    if (isMap(node)) return readMap(node, path, key, expanding)
    if (isSeq(node)) {
      record(path, node, key)
      return node.items.map((item, index) => read(item, [...path, index], undefined, expanding))
    }
    // `? key` without a value, or an empty flow entry.
    return null
  }

  function readAlias(node: Alias, path: Path, key: Position | undefined, expanding: ReadonlySet<YamlNode>): unknown {
    const at = startOf(node, key ?? { line: 1, column: 1 })
    const target = node.resolve(doc)
    if (!target) {
      problems.push({ path, position: at, message: `the alias *${node.source} refers to no anchor &${node.source} above it` })
      return null
    }
    if (expanding.has(target) || ++aliasExpansions > MAX_ALIAS_EXPANSIONS) {
      problems.push({ path, position: at, message: `the alias *${node.source} refers to itself or expands too often; write the value out` })
      return null
    }
    const value = read(target, path, key, new Set(expanding).add(target))
    // The alias itself is where the user wrote the value; what it contains is located at the anchor.
    record(path, node, key)
    return value
  }

  function readScalar(node: Scalar, path: Path, key: Position | undefined): unknown {
    record(path, node, key)
    if (typeof node.value !== 'string') return node.value
    const result = interpolate(node.value, vars)
    if (result.errors.length > 0) {
      unresolved.push(path)
      for (const error of result.errors) {
        problems.push({ path, position: expressionPosition(node, error.expression), message: error.message, unresolved: true })
      }
      return node.value
    }
    // Quoted scalars stay strings: quoting is how a user says "this is text".
    return result.changed && node.type === 'PLAIN' ? retypePlain(result.text) : result.text
  }

  /** The position of `${NAME}` inside the scalar as written, or the scalar's start. */
  function expressionPosition(node: Scalar, expression: string): Position {
    const [start = 0, end = 0] = node.range ?? []
    const index = text.slice(start, end).indexOf(expression)
    return position(index === -1 ? start : start + index)
  }

  function readMap(node: YAMLMap, path: Path, key: Position | undefined, expanding: ReadonlySet<YamlNode>): Record<string, unknown> {
    record(path, node, key)
    const out: Record<string, unknown> = {}
    const firstSeen = new Map<string, Position>()
    const mergeSources: unknown[] = []
    const mapStart = startOf(node, key ?? { line: 1, column: 1 })

    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null
      if (isMergeKey(keyNode)) {
        mergeSources.push(...(isSeq(pair.value) ? pair.value.items : [pair.value]))
        continue
      }
      const keyPosition = startOf(keyNode, mapStart)
      const name = keyName(keyNode)
      if ('error' in name) {
        problems.push({ path, position: keyPosition, message: name.error })
        continue
      }
      const entryPath = [...path, name.key]
      const first = firstSeen.get(name.key)
      if (first) {
        problems.push({
          path: entryPath,
          position: keyPosition,
          message: `"${name.key}" appears twice in this mapping (first at line ${first.line}); keep one`,
        })
      } else {
        firstSeen.set(name.key, keyPosition)
      }
      define(out, name.key, read(pair.value, entryPath, keyPosition, expanding))
    }

    // YAML merge keys (`<<: *defaults`): keys written here win, then earlier sources over later.
    for (const source of mergeSources) {
      const target = isAlias(source) ? source.resolve(doc) : source
      if (!isMap(target)) {
        problems.push({ path, position: startOf(source as YamlNode, mapStart), message: '"<<" merges mappings only: write <<: *anchor, where &anchor names a mapping' })
        continue
      }
      if (expanding.has(target)) continue
      for (const pair of target.items) {
        const name = keyName(pair.key as YamlNode | null)
        if ('error' in name || Object.hasOwn(out, name.key)) continue
        const keyPosition = startOf(pair.key as YamlNode, mapStart)
        define(out, name.key, read(pair.value, [...path, name.key], keyPosition, new Set(expanding).add(target)))
      }
    }
    return out
  }

  const value = doc.contents === null ? null : read(doc.contents, [], undefined, new Set())
  return { value, locations, problems, unresolved }
}

function isMergeKey(node: YamlNode | null): boolean {
  return isScalar(node) && typeof node.value === 'symbol' && node.value.description === '<<'
}

function keyName(node: YamlNode | null): { key: string } | { error: string } {
  if (isScalar(node) && ['string', 'number', 'boolean'].includes(typeof node.value)) return { key: String(node.value) }
  if (isScalar(node) && node.value === null) return { error: 'a key is empty: write NAME: value' }
  return { error: 'a key must be a plain name, not a list or a mapping' }
}
