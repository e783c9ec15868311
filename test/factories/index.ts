import { randomUUID } from 'node:crypto';
import { AuthService } from '../../src/common/auth/auth.service.js';
import type { Member } from '../../src/common/auth/member.js';
import type { Role } from '../../src/common/auth/permissions.js';
import { generateToken, hashToken, displayPrefix } from '../../src/common/auth/tokens.js';
import type { CreateActionDto } from '../../src/modules/cases/dto/create-action.dto.js';
import type { CreateCaseDto } from '../../src/modules/cases/dto/create-case.dto.js';
import type { SubmitSignalDto } from '../../src/modules/signals/dto/submit-signal.dto.js';
import { SignalsService } from '../../src/modules/signals/signals.service.js';
import type { TestDb } from '../setup/test-db.js';

export interface TestMember {
  id: string;
  organisationId: string;
  organisationCode: string;
  token: string;
  /** `{ Authorization: 'Bearer …' }`, for supertest's `.set()`. */
  auth: { Authorization: string };
}

/** Rows inserted straight into the database: arrange steps that do not depend on the code under test. */
export const insert = {
  /** A member of an existing organisation (by code), with a fresh token. */
  async member(
    db: TestDb,
    options: { organisation: string; roles: Role[]; name?: string },
  ): Promise<TestMember> {
    const [member] = await db.sql<{ id: string; organisation_id: string }>(
      `INSERT INTO members (organisation_id, name, email, roles)
       SELECT id, $2, $3, $4 FROM organisations WHERE code = $1
       RETURNING id, organisation_id`,
      [options.organisation, options.name ?? 'Test Member', `${randomUUID()}@example.test`, options.roles],
    );
    if (!member) {
      throw new Error(`no organisation ${options.organisation}`);
    }
    const token = generateToken();
    await db.sql(
      `INSERT INTO api_tokens (member_id, name, token_hash, token_prefix) VALUES ($1, 'test', $2, $3)`,
      [member.id, hashToken(token), displayPrefix(token)],
    );
    return {
      id: member.id,
      organisationId: member.organisation_id,
      organisationCode: options.organisation,
      token,
      auth: { Authorization: `Bearer ${token}` },
    };
  },

  /** One more token for a member, optionally already expired or revoked. */
  async token(
    db: TestDb,
    memberId: string,
    options: { expiresAt?: Date; revokedAt?: Date } = {},
  ): Promise<{ id: string; token: string; auth: { Authorization: string } }> {
    const token = generateToken();
    const [row] = await db.sql<{ id: string }>(
      `INSERT INTO api_tokens (member_id, name, token_hash, token_prefix, expires_at, revoked_at)
       VALUES ($1, 'test', $2, $3, $4, $5) RETURNING id`,
      [
        memberId,
        hashToken(token),
        displayPrefix(token),
        options.expiresAt ?? null,
        options.revokedAt ?? null,
      ],
    );
    if (!row) {
      throw new Error('token not inserted');
    }
    return { id: row.id, token, auth: { Authorization: `Bearer ${token}` } };
  },

  /** A new organisation with a unique code, so tests in one file never see each other's data. */
  async organisation(
    db: TestDb,
    options: { kind?: string; parent?: string; prefix?: string } = {},
  ): Promise<{ id: string; code: string }> {
    const code = `${options.prefix ?? 'T'}-${randomUUID().slice(0, 8)}`;
    const [row] = await db.sql<{ id: string }>(
      `INSERT INTO organisations (code, name, name_nl, kind, parent_id)
       VALUES ($1, $2, $2, $3, (SELECT id FROM organisations WHERE code = $4)) RETURNING id`,
      [code, `Test organisation ${code}`, options.kind ?? 'agency', options.parent ?? null],
    );
    if (!row) {
      throw new Error('organisation not inserted');
    }
    return { id: row.id, code };
  },
};

/** Valid request bodies, unique per call, with overrides. */
export const build = {
  /** A GREEN disinformation signal about GR2018 with two unique observables and no addressees. */
  submitSignal(overrides: Partial<SubmitSignalDto> = {}): SubmitSignalDto {
    const unique = randomUUID().slice(0, 8);
    return {
      title: `Fake accounts claim polling stations close early (${unique})`,
      description:
        'Dozens of accounts created this week post the same claim that polling stations in Amsterdam-Noord ' +
        'close at 18:00 on election day.',
      category: 'disinformation',
      severity: 'moderate',
      tlp: 'GREEN',
      classification: 'unclassified',
      election: 'GR2018',
      phase: 'campaign',
      municipalities: ['GM0363'],
      observedAt: '2018-03-14T09:30:00+01:00',
      source: 'open-source',
      confidence: 60,
      observables: [
        { type: 'hashtag', value: `#stembureau${unique}` },
        { type: 'url', value: `https://nieuws-${unique}.example/stembureaus-sluiten` },
      ],
      addressees: [],
      ...overrides,
    };
  },
};

/** Valid request bodies for cases and their follow-up actions, unique per call, with overrides. */
export const buildCase = {
  /** A normal-priority GR2018 case led by the NCTV, without signals. */
  create(overrides: Partial<CreateCaseDto> = {}): CreateCaseDto {
    const unique = randomUUID().slice(0, 8);
    return {
      title: `Coordinated claims that polling stations close early (${unique})`,
      summary: 'Several accounts spread the same false closing time for polling stations in Amsterdam.',
      election: 'GR2018',
      priority: 'normal',
      leadOrganisation: 'NCTV',
      ...overrides,
    };
  },

  /** A fact-check for BZK, due in a week. */
  action(overrides: Partial<CreateActionDto> = {}): CreateActionDto {
    return {
      type: 'fact-check',
      title: `Publish a correction of the closing time (${randomUUID().slice(0, 8)})`,
      assignee: 'BZK',
      dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      ...overrides,
    };
  },
};

/** Arrange steps that go through the services themselves, for tests that call services directly. */
export const viaServices = {
  /** The Member that a test member's token authenticates as. */
  async member(db: TestDb, member: TestMember): Promise<Member> {
    const authenticated = await db.get(AuthService).authenticate(member.token);
    if (!authenticated) {
      throw new Error(`the token of member ${member.id} does not authenticate`);
    }
    return authenticated;
  },

  /** A signal submitted by a liaison through SignalsService, its alerts sequenced; answers its id. */
  async signal(db: TestDb, liaison: TestMember, overrides: Partial<SubmitSignalDto> = {}): Promise<string> {
    const submitted = await db
      .get(SignalsService)
      .submit(await viaServices.member(db, liaison), build.submitSignal(overrides));
    await db.sequenceAlerts();
    return submitted.id;
  },
};
