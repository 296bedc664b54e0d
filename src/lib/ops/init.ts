// `ecsctl init`: writes a manifest, either a starter one from a few questions or the manifest of
// a live service (`--from-service CLUSTER/SERVICE`), which is how a service deployed by other
// tools moves to ecsctl. Either way the text is checked with the loader before it is written,
// and an existing file is replaced only when asked.
import { access } from 'node:fs/promises'
import type { AwsClients } from '../aws/clients.js'
import { invalid } from '../errors.js'
import type { ManifestInput } from '../manifest/schema.js'
import { planService, summarize, type Plan, type PlanSummary } from '../plan/index.js'
import { placeholder } from '../render/names.js'
import { manifestFromLive } from './init-live.js'
import { askStarterManifest, serviceNameFrom, type InitPrompter } from './init-prompts.js'
import { parseServiceAddress, readServiceSnapshot } from './init-read.js'
import { checkedManifest, manifestYaml, writeManifestFile } from './init-write.js'

export const DEFAULT_OUTPUT = 'ecsctl.yml'

export interface InitResult {
  /** The file written. */
  file: string
  service: string
  cluster: string
  region?: string
  /** Where it came from: the questions, or the live service. */
  source: 'questions' | 'live-service'
  /** What could not be carried over, or what ecsctl will create beside what exists. */
  notes: string[]
  /** For --from-service: what `ecsctl diff` will show, per the plan against what was read. */
  expectedDiff?: { summary: PlanSummary; resources: string[] }
  /** The command to run next. */
  next: string
}

export interface WriteTarget {
  /** The file to write (ecsctl.yml unless --output says otherwise). */
  output: string
  /** Replace an existing file. */
  force: boolean
}

/** Refuses early, before any question or AWS call, when the file exists and --force is not given. */
export async function ensureWritable(target: WriteTarget): Promise<void> {
  if (target.force) return
  const exists = await access(target.output).then(
    () => true,
    () => false,
  )
  if (exists) {
    throw invalid(`${target.output} already exists; ecsctl init does not overwrite it.`, {
      hint: 'Pass --force to replace it, or --output PATH to write another file.',
    })
  }
}

/** The usage error for init without a terminal to ask in and without --from-service. */
export const noTerminalError = () =>
  invalid('ecsctl init asks its questions in a terminal, and there is none here.', {
    hint: 'Run it in a terminal, or pass --from-service CLUSTER/SERVICE to write the manifest of a live service (works in CI).',
  })

const nextStep = (output: string) => (output === DEFAULT_OUTPUT ? 'ecsctl diff' : `ecsctl diff -f ${output}`)

/** Asks, checks, writes. */
export async function initFromQuestions(prompter: InitPrompter, target: WriteTarget, directoryName: string): Promise<InitResult> {
  await ensureWritable(target)
  const document = await askStarterManifest(prompter, { name: serviceNameFrom(directoryName) })
  await writeChecked(document, target, ['Written by `ecsctl init`; `ecsctl schema` writes the JSON Schema the line above points at.'], 'bug')
  return {
    file: target.output,
    service: document.name,
    cluster: document.cluster,
    source: 'questions',
    notes: [],
    next: nextStep(target.output),
  }
}

export interface FromServiceOptions extends WriteTarget {
  /** CLUSTER/SERVICE or the service's ARN. */
  from: string
}

/** Reads the live service, writes its manifest, and says what a diff will still show. */
export async function initFromService(clients: AwsClients, options: FromServiceOptions): Promise<InitResult> {
  const address = parseServiceAddress(options.from)
  await ensureWritable(options)
  const [region, live] = await Promise.all([clients.region(), readServiceSnapshot(clients, address)])
  const { document, notes } = manifestFromLive(live, { region })
  // ecsctl's rules are stricter than ECS in places: a live setting they refuse is the user's to see.
  const manifest = await writeChecked(document, options, [`Written by \`ecsctl init --from-service ${address.cluster}/${address.service}\` from the live service.`], 'invalid')
  // The plan against what was just read: the diff a user will see, without reading AWS again.
  const plan = planService(manifest, live, { region, accountId: live.accountId ?? placeholder.accountId })
  return {
    file: options.output,
    service: address.service,
    cluster: address.cluster,
    region,
    source: 'live-service',
    notes,
    expectedDiff: expectedDiff(plan),
    next: nextStep(options.output),
  }
}

async function writeChecked(document: ManifestInput, target: WriteTarget, header: string[], failure: 'bug' | 'invalid') {
  const text = manifestYaml(document, header)
  const manifest = checkedManifest(text, target.output, failure)
  await writeManifestFile(target.output, text, target.force)
  return manifest
}

/** The resources the plan would touch, as `+ service web` lines with the fields that differ. */
export function expectedDiff(plan: Plan): { summary: PlanSummary; resources: string[] } {
  const marks = { create: '+', update: '~', delete: '-' } as const
  const resources = plan.resources.flatMap((resource) => {
    if (resource.action === 'unchanged') return []
    const fields = resource.changes.map((change) => change.path)
    const detail = resource.action === 'update' && fields.length > 0 ? ` (${[...new Set(fields)].join(', ')})` : ''
    return [`${marks[resource.action]} ${resource.resource}${detail}`]
  })
  return { summary: summarize(plan), resources }
}
