import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { STRIPE_API_VERSION } from '../stripe/stripe-api-version';
import { StripeGateway } from '../stripe/stripe-gateway';
import {
  AWAITING_REDELIVERY,
  LAST_OTHER_API_VERSION,
  LAST_RECONCILE_RUN,
  LAST_WEBHOOK,
  RECONCILE_APPLIED_BY_TYPE,
  REVIEW_QUEUE,
} from '../payments.queries';

export interface PaymentsHealth {
  mode: 'sandbox' | 'live' | 'test';
  lastWebhook: { id: string; type: string; outcome: string; receivedAt: Date } | null;
  awaitingRedelivery: {
    count: number;
    recent: Array<{ eventId: string; type: string; status: number; attempts: number; lastFailedAt: Date }>;
  };
  lastReconcile: {
    startedAt: Date;
    finishedAt: Date | null;
    eventsFound: number;
    eventsApplied: number;
    pendingChecked: number;
    pendingResolved: number;
    error: string | null;
    appliedByType: Array<{ type: string; count: number }>;
  } | null;
  /** The pinned Stripe API version, and the last event that arrived in another one. */
  apiVersion: { pinned: string; lastOther: { version: string; eventId: string; receivedAt: Date } | null };
  review: {
    count: number;
    recent: Array<{ id: string; amount: number; currency: string; appealSlug: string | null; reason: string | null; createdAt: Date }>;
  };
}

/**
 * The payments health panel: is Stripe reaching us, is anything stuck, what did the last
 * reconciliation repair, and which payments wait for a person. Small indexed reads only.
 */
@Injectable()
export class PaymentsHealthService {
  constructor(
    private readonly ds: DataSource,
    private readonly gateway: StripeGateway,
  ) {}

  async read(): Promise<PaymentsHealth> {
    const [lastWebhook, awaitingRedelivery, lastReconcile, review, lastOther] = await Promise.all([
      this.lastWebhook(),
      this.awaitingRedelivery(),
      this.lastReconcile(),
      this.review(),
      this.lastOtherApiVersion(),
    ]);
    const mode = this.gateway.sandbox ? 'sandbox' : this.gateway.livemode ? 'live' : 'test';
    return { mode, lastWebhook, awaitingRedelivery, lastReconcile, apiVersion: { pinned: STRIPE_API_VERSION, lastOther }, review };
  }

  /** Newest by Stripe's own creation time, which the stripe_events index covers. */
  private async lastWebhook(): Promise<PaymentsHealth['lastWebhook']> {
    const [row] = await this.ds.query(LAST_WEBHOOK);
    return row ? { id: row.id, type: row.type, outcome: row.outcome, receivedAt: row.received_at } : null;
  }

  /** Only events in another version keep it, under a partial index: this reads one index entry. */
  private async lastOtherApiVersion(): Promise<PaymentsHealth['apiVersion']['lastOther']> {
    const [row] = await this.ds.query(LAST_OTHER_API_VERSION);
    return row ? { version: row.other_api_version, eventId: row.id, receivedAt: row.received_at } : null;
  }

  /** Events we answered with a 5xx and have not applied since: Stripe (or reconciliation) owes them. */
  private async awaitingRedelivery(): Promise<PaymentsHealth['awaitingRedelivery']> {
    const rows = await this.ds.query(AWAITING_REDELIVERY);
    return {
      count: rows.length ? Number(rows[0].total) : 0,
      recent: rows.map((r: Record<string, never>) => ({
        eventId: r.event_id,
        type: r.type,
        status: Number(r.status),
        attempts: Number(r.attempts),
        lastFailedAt: r.last_failed_at,
      })),
    };
  }

  private async lastReconcile(): Promise<PaymentsHealth['lastReconcile']> {
    const [run] = await this.ds.query(LAST_RECONCILE_RUN);
    if (!run) return null;
    // What this run applied: the events it stored through the reconcile path while it ran.
    const byType = await this.ds.query(RECONCILE_APPLIED_BY_TYPE, [run.started_at, run.finished_at]);
    return {
      startedAt: run.started_at,
      finishedAt: run.finished_at,
      eventsFound: run.events_found,
      eventsApplied: run.events_applied,
      pendingChecked: run.pending_checked,
      pendingResolved: run.pending_resolved,
      error: run.error,
      appliedByType: byType,
    };
  }

  private async review(): Promise<PaymentsHealth['review']> {
    const rows = await this.ds.query(REVIEW_QUEUE);
    return {
      count: rows.length ? Number(rows[0].total) : 0,
      recent: rows.map((r: Record<string, never>) => ({
        id: r.id,
        amount: Number(r.amount),
        currency: r.currency,
        appealSlug: r.appeal_slug,
        reason: r.review_reason,
        createdAt: r.created_at,
      })),
    };
  }
}
