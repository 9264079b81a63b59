import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, AppealRef, Role } from '../actor';
import { PERSON_ACTOR } from '../auth.queries';

interface PersonActorRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled_at: Date | null;
  appeals: AppealRef[];
}

/**
 * Builds the actor for a person: one query per request (person, role, appeals), so a changed
 * role or a disabled account applies to the very next request. It reads `appeals` (id, slug)
 * across owners, read-only: auth sits below appeals and only needs the slug to check rights.
 */
@Injectable()
export class ActorsService {
  constructor(private readonly ds: DataSource) {}

  /** The enabled person's actor, or null (unknown or disabled). */
  async person(id: string): Promise<Actor | null> {
    const rows: PersonActorRow[] = await this.ds.query(PERSON_ACTOR, [id]);
    const p = rows[0];
    if (!p || p.disabled_at) return null;
    return { kind: 'person', id: p.id, email: p.email, name: p.name, role: p.role, appeals: p.appeals };
  }
}
