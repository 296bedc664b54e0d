// STS (awsQuery 2011-06-15): who is calling, which ecsctl may ask to learn the account id.
import { operation, type Operations } from '../context.js'

export const stsOperations: Operations = {
  GetCallerIdentity: operation<Record<string, never>>((_input, { state }) => ({
    UserId: 'AIDAEXAMPLEECSCTLTEST',
    Account: state.accountId,
    Arn: `arn:aws:iam::${state.accountId}:user/ecsctl-test`,
  })),
}
