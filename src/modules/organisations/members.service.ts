import { AuthService } from '../../common/auth/auth.service.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Member } from '../../common/auth/member.js';
import { Permission } from '../../common/auth/permissions.js';
import { displayPrefix, generateToken, hashToken } from '../../common/auth/tokens.js';
import { Clock } from '../../common/clock.js';
import { AppError } from '../../common/errors/app-error.js';
import { AdminAccessService, type Caller } from './admin-access.service.js';
import { type AddMemberDto, normaliseEmail } from './dto/add-member.dto.js';
import type { CreateTokenDto } from './dto/create-token.dto.js';
import { CreatedTokenResponse } from './dto/created-token.response.js';
import { MeResponse } from './dto/me.response.js';
import { MemberResponse } from './dto/member.response.js';
import { MembersRepository } from './members.repository.js';
import { organisationNotFound } from './organisation.errors.js';
import { OrganisationsRepository } from './organisations.repository.js';

/**
 * Members and their API tokens. Scope: see AdminAccessService. A member or token outside the caller's scope
 * is answered as not found, so that its existence does not leak; organisations are a public directory, so
 * adding a member to one outside the scope is plainly forbidden.
 */
@Injectable()
export class MembersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly members: MembersRepository,
    private readonly organisations: OrganisationsRepository,
    private readonly access: AdminAccessService,
    private readonly clock: Clock,
    private readonly auth: AuthService,
  ) {}

  async me(member: Member): Promise<MeResponse> {
    const row = await this.members.findProfile(member.id);
    if (!row) {
      // The guard has just found this member through its token.
      throw new Error(`member ${member.id} vanished during the request`);
    }
    return MeResponse.from(row, member);
  }

  async addMember(caller: Caller, organisationCode: string, dto: AddMemberDto): Promise<MemberResponse> {
    const scope = this.access.scope(caller, Permission.MemberManage);
    const row = await this.dataSource.transaction(async (tx) => {
      const organisation = await this.organisations.findByCode(organisationCode, tx);
      if (!organisation) {
        throw organisationNotFound(organisationCode);
      }
      if (!(await this.organisations.isInScope(tx, organisation.id, scope))) {
        throw new AppError(
          'auth.forbidden',
          `You administer only your own organisation and the organisations under it, not ${organisationCode}.`,
        );
      }
      return this.members.insert(tx, {
        organisationId: organisation.id,
        name: dto.name,
        email: normaliseEmail(dto.email),
        roles: dto.roles,
      });
    });
    return MemberResponse.from(row);
  }

  /** The token is generated here and answered once; only its SHA-256 and a display prefix are stored. */
  async createToken(caller: Caller, memberId: string, dto: CreateTokenDto): Promise<CreatedTokenResponse> {
    const scope = this.access.scope(caller, Permission.MemberManage);
    const expiresAt = dto.expiresAt === undefined ? null : new Date(dto.expiresAt);
    if (expiresAt && expiresAt.getTime() <= this.clock.now().getTime()) {
      throw new AppError('token.expiry_in_past', `expiresAt (${dto.expiresAt}) must lie in the future.`);
    }
    const token = generateToken();
    const row = await this.members.insertTokenInScope(
      { memberId, name: dto.name, tokenHash: hashToken(token), tokenPrefix: displayPrefix(token), expiresAt },
      scope,
    );
    if (!row) {
      throw new AppError('member.not_found', `There is no member ${memberId} that you administer.`);
    }
    return CreatedTokenResponse.from(row, token);
  }

  /**
   * Takes effect at once here; other instances forget the token when the revocation's `auth_changed`
   * notification reaches them (milliseconds).
   */
  async revokeToken(caller: Caller, tokenId: string): Promise<void> {
    const scope = this.access.scope(caller, Permission.MemberManage);
    if (!(await this.members.revokeTokenInScope(tokenId, scope, this.clock.now()))) {
      throw new AppError('token.not_found', `There is no token ${tokenId} that you administer.`);
    }
    this.auth.forgetAll();
  }
}
