import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { merge, type Subscription } from 'rxjs';
import { PgListenerService } from '../database/pg-listener.service.js';
import { PreparedStatements } from '../database/prepared-statement.js';
import { Clock } from '../clock.js';
import type { Member } from './member.js';
import { permissionsOf, type Role } from './permissions.js';
import { hashToken, looksLikeToken } from './tokens.js';

interface TokenRow {
  token_id: string;
  expires_at: Date | null;
  member_id: string;
  member_name: string;
  roles: Role[];
  organisation_id: string;
  organisation_code: string;
}

interface KeptMember {
  member: Member;
  expiresAt: Date | null;
  keptUntil: number;
}

/**
 * How long a token's member is kept at most. Forgetting is driven by `NOTIFY auth_changed` (sent by triggers
 * whenever a token, member or organisation changes); this bound only matters if a notification is lost on a
 * connection that has died without the listener noticing yet.
 */
const KEEP_MEMBER_MS = 30_000;
const MAX_KEPT_MEMBERS = 10_000;

/**
 * Authenticates bearer tokens. Every request needs it, so the member of a token seen recently is kept in
 * memory: only while the instance's LISTEN connection is up, forgotten by every instance on any change
 * that could alter it (see the migration NotifyAuthChanges), and forgotten at once in this instance by a
 * revocation it makes itself. Unknown tokens are never kept, so a new token works at once.
 */
@Injectable()
export class AuthService implements OnModuleInit, OnModuleDestroy {
  private readonly kept = new Map<string, KeptMember>();
  /** Bumped on every forget, so that a lookup racing with a change does not keep what it read before it. */
  private generation = 0;
  private changes?: Subscription;

  constructor(
    private readonly prepared: PreparedStatements,
    private readonly clock: Clock,
    private readonly listener: PgListenerService,
  ) {}

  onModuleInit(): void {
    // A reconnection means notifications may have been missed while the connection was down.
    this.changes = merge(this.listener.on('auth_changed'), this.listener.reconnected$).subscribe(() =>
      this.forgetAll(),
    );
  }

  onModuleDestroy(): void {
    this.changes?.unsubscribe();
  }

  /** The member a bearer token belongs to, or undefined when it is unknown, revoked or expired. */
  async authenticate(token: string): Promise<Member | undefined> {
    if (!looksLikeToken(token)) {
      return undefined;
    }
    const tokenHash = hashToken(token);
    const now = this.clock.now();
    const kept = this.kept.get(tokenHash);
    if (kept && this.listener.isConnected && kept.keptUntil > Date.now()) {
      return kept.expiresAt === null || kept.expiresAt > now ? kept.member : undefined;
    }
    const generation = this.generation;
    const row = await this.lookUp(tokenHash, now);
    if (!row) {
      return undefined;
    }
    const member: Member = {
      id: row.member_id,
      name: row.member_name,
      organisationId: row.organisation_id,
      organisationCode: row.organisation_code,
      roles: row.roles,
      permissions: permissionsOf(row.roles),
      tokenId: row.token_id,
    };
    if (generation === this.generation && this.listener.isConnected) {
      this.keep(tokenHash, { member, expiresAt: row.expires_at, keptUntil: Date.now() + KEEP_MEMBER_MS });
    }
    return member;
  }

  /** Forgets every kept member: a token, member or organisation changed (here or elsewhere). */
  forgetAll(): void {
    this.generation += 1;
    this.kept.clear();
  }

  private keep(tokenHash: string, entry: KeptMember): void {
    if (this.kept.size >= MAX_KEPT_MEMBERS) {
      // Maps iterate in insertion order: the first key is the one kept longest.
      const oldest = this.kept.keys().next().value;
      if (oldest !== undefined) {
        this.kept.delete(oldest);
      }
    }
    this.kept.set(tokenHash, entry);
  }

  private async lookUp(tokenHash: string, now: Date): Promise<TokenRow | undefined> {
    // Run on every request that finds nothing kept: prepared.
    const rows = await this.prepared.query<TokenRow>(
      `SELECT t.id AS token_id, t.expires_at, m.id AS member_id, m.name AS member_name, m.roles,
              o.id AS organisation_id, o.code AS organisation_code
         FROM api_tokens t
         JOIN members m ON m.id = t.member_id
         JOIN organisations o ON o.id = m.organisation_id
        WHERE t.token_hash = $1
          AND t.revoked_at IS NULL
          AND (t.expires_at IS NULL OR t.expires_at > $2)`,
      [tokenHash, now],
    );
    return rows[0];
  }
}
