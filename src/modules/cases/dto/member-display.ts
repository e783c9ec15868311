import type { Member } from '../../../common/auth/member.js';
import type { ActorResponse } from './actor.response.js';

/**
 * Who inside an organisation did something is that organisation's business (as with signals), except for
 * coordinators, who run cases across organisations and must see that two different people decided.
 */
export function actorFor(
  viewer: Member,
  organisation: { id: string | null; code: string | null },
  member: { id: string; name: string } | null,
): ActorResponse {
  const isShown =
    member !== null && (viewer.roles.includes('coordinator') || viewer.organisationId === organisation.id);
  return { organisation: organisation.code, member: isShown ? { id: member.id, name: member.name } : null };
}
