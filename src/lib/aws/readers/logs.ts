// CloudWatch Logs: the containers' log groups. DescribeLogGroups has no exact-name lookup, so
// it lists by prefix and keeps the group with exactly the name asked.
import type { LogGroup } from '@aws-sdk/client-cloudwatch-logs'
import { callAws } from '../call.js'
import type { AwsClients } from '../clients.js'
import { allPages } from '../pages.js'

/** The log group named exactly `name`, or undefined when it does not exist. */
export async function readLogGroup(clients: AwsClients, name: string): Promise<LogGroup | undefined> {
  const logs = await clients.logs()
  const { DescribeLogGroupsCommand } = await import('@aws-sdk/client-cloudwatch-logs')
  const exact = (group: LogGroup) => group.logGroupName === name
  const pages = await callAws(`logs:DescribeLogGroups (log group "${name}")`, () =>
    allPages(
      (token) => logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name, nextToken: token })),
      (page) => page.nextToken,
      // A prefix such as /ecs/web also matches /ecs/web-api...: stop once the group is found.
      { stopWhen: (page) => page.logGroups?.some(exact) ?? false },
    ),
  )
  return pages.flatMap((page) => page.logGroups ?? []).find(exact)
}
