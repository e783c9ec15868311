import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Member } from './member.js';
import type { Permission } from './permissions.js';

export const IS_PUBLIC = 'kiessignaal:is-public';
export const REQUIRED_PERMISSION = 'kiessignaal:required-permission';

/** The route needs no token (health, docs, metrics). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The caller's roles must grant this permission, or the answer is 403. */
export const RequirePermission = (permission: Permission) => SetMetadata(REQUIRED_PERMISSION, permission);

export interface AuthenticatedRequest extends FastifyRequest {
  member?: Member;
}

export const CurrentMember = createParamDecorator((_data: unknown, context: ExecutionContext): Member => {
  const member = context.switchToHttp().getRequest<AuthenticatedRequest>().member;
  if (!member) {
    throw new Error('CurrentMember used on a route without authentication');
  }
  return member;
});
