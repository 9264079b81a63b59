import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Donation } from './donation.entity';

/**
 * The checkout's reads of donations that are not (yet) counted. Its writes (which session a
 * pending donation waits on, which attempt it is on) are the ledger's: attachCheckoutSession and
 * nextCheckoutAttempt.
 */
@Injectable()
export class CheckoutDonationsRepository {
  constructor(private readonly ds: DataSource) {}

  findByClientKey(clientKey: string): Promise<Donation | null> {
    return this.ds.getRepository(Donation).findOneBy({ clientKey });
  }

  findById(id: string): Promise<Donation> {
    return this.ds.getRepository(Donation).findOneByOrFail({ id });
  }
}
