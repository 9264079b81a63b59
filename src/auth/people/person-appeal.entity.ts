import { Entity, PrimaryColumn } from 'typeorm';

/** An appeal given to an editor or viewer (table `organiser_appeals`); owners need none. */
@Entity('organiser_appeals')
export class PersonAppeal {
  @PrimaryColumn({ name: 'organiser_id', type: 'uuid' })
  organiserId: string;

  @PrimaryColumn({ name: 'appeal_id', type: 'uuid' })
  appealId: string;
}
