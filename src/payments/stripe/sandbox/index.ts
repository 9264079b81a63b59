export { StripeSandbox } from './stripe-sandbox';
export type { SandboxOptions, DeliveryRecord, DisputeStage, PayOutcome, SettleOutcome } from './stripe-sandbox';
export { SandboxApiError } from './http-util';
