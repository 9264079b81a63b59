import { Actor, adminActor, cliTokenActor } from './actor';
import type { ActorsService } from './people/actors.service';
import type { VerifiedToken } from './tokens.service';

/** The actor a verified token acts as: admin, a CLI token (owner), or its person (null if disabled). */
export async function actorOfToken(found: VerifiedToken, actors: ActorsService): Promise<Actor | null> {
  if (found.admin) return adminActor();
  if (found.organiserId) return actors.person(found.organiserId);
  return cliTokenActor(found.name);
}
