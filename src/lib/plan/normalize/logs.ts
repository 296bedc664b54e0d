// CloudWatch Logs groups: the name and the retention, which is all ecsctl sets that can be read
// back. DescribeLogGroups does not return tags (the reader does not ask ListTagsForResource), so
// tags are not compared.
import type { LogGroup } from '@aws-sdk/client-cloudwatch-logs'
import type { RenderedLogGroup } from '../../render/index.js'
import { compact } from './common.js'

/** CreateLogGroup and PutRetentionPolicy as one resource. No retention means events never expire. */
export interface LogGroupInput {
  logGroupName: string
  retentionInDays?: number
}

export const logGroupFromRendered = (rendered: RenderedLogGroup): LogGroupInput =>
  compact({ logGroupName: rendered.createLogGroup.logGroupName ?? '', retentionInDays: rendered.putRetentionPolicy?.retentionInDays })

export const logGroupFromLive = (group: LogGroup): LogGroupInput => compact({ logGroupName: group.logGroupName ?? '', retentionInDays: group.retentionInDays })
