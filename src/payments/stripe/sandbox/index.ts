export { StripeSandbox } from './stripe-sandbox';
export type { SandboxOptions, DeliveryRecord, DisputeStage, PayOutcome, SettleOutcome } from './stripe-sandbox';
export { SandboxApiError } from './http-util';
export { ORGANISER_ACTIONS, isSandboxAction, runAction, type SandboxAction } from './actions';
export { DISPUTE_STAGES } from './dispute-lifecycle';
export { delayedMethod, methodLabel } from './payment-methods';
export { successRedirect } from './session-object';
export { formatMinorAmount } from './money-format';
export type { PaymentRecord } from './sandbox-ledger';
