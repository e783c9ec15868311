import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '../errors/app-error.js';
import { AuthService } from './auth.service.js';
import { type AuthenticatedRequest, IS_PUBLIC, REQUIRED_PERMISSION } from './decorators.js';
import type { Permission } from './permissions.js';

/** Global guard: every route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) {
      return true;
    }
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    const member =
      scheme?.toLowerCase() === 'bearer' && token ? await this.auth.authenticate(token) : undefined;
    if (!member) {
      throw new AppError('auth.unauthenticated', 'A valid API token is required: Authorization: Bearer ks_…');
    }
    request.member = member;
    const required = this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets);
    if (required && !member.permissions.has(required)) {
      throw new AppError(
        'auth.forbidden',
        `Your roles (${member.roles.join(', ')}) do not allow ${required}.`,
      );
    }
    return true;
  }
}
