// CloudWatch Logs groups for the awslogs driver. ecsctl creates them itself rather than letting
// the driver do it (`awslogs-create-group`), so that they are tagged and get their retention.
import type { CreateLogGroupCommandInput, PutRetentionPolicyCommandInput } from '@aws-sdk/client-cloudwatch-logs'
import type { Manifest } from '../manifest/schema.js'
import { tagMap, withoutUndefined } from './common.js'
import { logGroupName } from './names.js'

export interface LogGroup {
  name: string
  /** The longest retention any container asks for: sharing a group must not shorten anyone's. */
  retentionDays?: number
}

/** The distinct log groups the containers write to, in the order the containers first name them. */
export function logGroups(m: Pick<Manifest, 'name' | 'containers'>): LogGroup[] {
  const groups = new Map<string, LogGroup>()
  for (const container of Object.values(m.containers)) {
    if (container.logging === false) continue
    const name = logGroupName(m, container)
    const group = groups.get(name) ?? { name }
    const retention = container.logging?.retentionDays
    if (retention !== undefined && (group.retentionDays === undefined || retention > group.retentionDays)) group.retentionDays = retention
    groups.set(name, group)
  }
  return [...groups.values()]
}

export interface RenderedLogGroup {
  createLogGroup: CreateLogGroupCommandInput
  /** Only when a retention is declared; without it the group keeps events forever. */
  putRetentionPolicy?: PutRetentionPolicyCommandInput
}

export function renderLogGroups(m: Pick<Manifest, 'name' | 'tags' | 'containers'>): RenderedLogGroup[] {
  return logGroups(m).map((group) =>
    withoutUndefined({
      createLogGroup: { logGroupName: group.name, tags: tagMap(m) },
      putRetentionPolicy:
        group.retentionDays === undefined ? undefined : { logGroupName: group.name, retentionInDays: group.retentionDays },
    }),
  )
}
