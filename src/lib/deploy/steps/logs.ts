// CloudWatch Logs groups: created with their tags, then their retention. Never deleted: logs
// outlive deployments (the plan never plans a delete for them).
import type { ResourceChange } from '../../plan/index.js'
import type { LogGroupInput } from '../../plan/normalize/logs.js'
import { tagMap } from '../../render/common.js'
import { inputOf, send, sendAccepting, type StepContext } from './context.js'

export async function applyLogGroup(change: ResourceChange, context: StepContext): Promise<void> {
  const logs = await context.clients.logs()
  const sdk = await import('@aws-sdk/client-cloudwatch-logs')
  const { logGroupName, retentionInDays } = inputOf<LogGroupInput>(change)
  const what = change.resource

  if (change.action === 'create') {
    // Created between the read and now (another deploy, or the awslogs driver): it is there, which is what counts.
    await sendAccepting(context, 'logs:CreateLogGroup', what, ['ResourceAlreadyExistsException'], () =>
      logs.send(new sdk.CreateLogGroupCommand({ logGroupName, tags: tagMap(context.manifest) })),
    )
  }
  if (retentionInDays !== undefined) {
    await send(context, 'logs:PutRetentionPolicy', what, () => logs.send(new sdk.PutRetentionPolicyCommand({ logGroupName, retentionInDays })))
  } else if (change.action === 'update') {
    // The manifest dropped the retention: back to the default, events never expire.
    await send(context, 'logs:DeleteRetentionPolicy', what, () => logs.send(new sdk.DeleteRetentionPolicyCommand({ logGroupName })))
  }
}
