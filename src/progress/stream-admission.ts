import { openFileLimit } from '../common/file-limit';

export interface StreamLimits {
  /** Open streams one client address may hold on this instance. */
  perAddress: number;
  /** Open streams this instance holds in all. */
  max: number;
}

/** Why a stream was refused: the client's own share (429) or the instance (503). */
export type StreamRefusal = 'address' | 'instance';

/**
 * Each stream holds a socket, i.e. a file descriptor, for as long as the reader stays. 80 % of
 * the descriptors leaves room for the database pool, the LISTEN connection, ordinary requests
 * and files, so the process refuses streams (503) before accept() starts failing for everything.
 */
export function defaultStreamMax(fdLimit = openFileLimit()): number {
  return Math.max(1, Math.floor(fdLimit * 0.8));
}

/** Counts open streams per client address and in all; admits or refuses a new one. */
export class StreamAdmission {
  private readonly byAddress = new Map<string, number>();
  private total = 0;

  constructor(readonly limits: StreamLimits) {}

  /** Takes a place for `address` and returns null, or says why there is none. */
  admit(address: string): StreamRefusal | null {
    const mine = this.byAddress.get(address) ?? 0;
    if (mine >= this.limits.perAddress) return 'address';
    if (this.total >= this.limits.max) return 'instance';
    this.byAddress.set(address, mine + 1);
    this.total++;
    return null;
  }

  /** Gives back a place taken by admit(); call once per admitted stream. */
  release(address: string): void {
    const mine = this.byAddress.get(address);
    if (!mine) return;
    if (mine === 1) this.byAddress.delete(address);
    else this.byAddress.set(address, mine - 1);
    this.total--;
  }

  count(address?: string): number {
    return address === undefined ? this.total : (this.byAddress.get(address) ?? 0);
  }
}
