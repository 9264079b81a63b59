import { Entity, PrimaryColumn } from 'typeorm';

/**
 * An appeal given to an editor or viewer (table `organiser_appeals`); owners need none. Left out
 * of schema synchronisation: its foreign key to `appeals` cannot be declared here without auth
 * importing the appeals module (which sits above it); the migration is the schema.
 */
@Entity('organiser_appeals', { synchronize: false })
export class PersonAppeal {
  @PrimaryColumn({ name: 'organiser_id', type: 'uuid' })
  organiserId: string;

  @PrimaryColumn({ name: 'appeal_id', type: 'uuid' })
  appealId: string;
}
