import type { DataSource } from 'typeorm';
import { displayPrefix, generateToken, hashToken } from '../../common/auth/tokens.js';

const BOOTSTRAP_EMAIL = 'bootstrap-admin@kiessignaal.invalid';
const BOOTSTRAP_TOKEN_NAME = 'bootstrap';

/**
 * Makes sure the service can be administered without a database edit:
 * - with BOOTSTRAP_ADMIN_TOKEN, an admin member of the operator organisation holds exactly that token
 *   (created on first start; a deployment or a test can then begin at once);
 * - without it, on a database that has no token at all, creates a first admin token and returns it, so that
 *   `npm start` can show it once. Later starts create nothing.
 */
export async function ensureBootstrapAdmin(
  dataSource: DataSource,
  options: { bootstrapAdminToken?: string; operatorOrganisation: string },
): Promise<string | undefined> {
  return dataSource.transaction(async (tx) => {
    // Serialise concurrent start-ups of several instances.
    await tx.query(`SELECT pg_advisory_xact_lock(7398019)`);
    const given = options.bootstrapAdminToken;
    if (!given) {
      const [row] = await tx.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM api_tokens`);
      if (row && row.count > 0) {
        return undefined;
      }
    }
    const [member] = await tx.query<{ id: string }[]>(
      `INSERT INTO members (organisation_id, name, email, roles)
       SELECT id, 'Bootstrap administrator', $2, ARRAY['admin'] FROM organisations WHERE code = $1
       ON CONFLICT (email) DO UPDATE SET roles = (
         SELECT array_agg(DISTINCT r) FROM unnest(members.roles || ARRAY['admin']) AS r
       )
       RETURNING id`,
      [options.operatorOrganisation, BOOTSTRAP_EMAIL],
    );
    if (!member) {
      throw new Error(`The operator organisation ${options.operatorOrganisation} does not exist`);
    }
    const token = given ?? generateToken();
    const tokenHash = hashToken(token);
    const held = await tx.query<unknown[]>(
      `INSERT INTO api_tokens (member_id, name, token_hash, token_prefix) VALUES ($1, $2, $3, $4)
       ON CONFLICT (token_hash) DO UPDATE SET revoked_at = NULL, expires_at = NULL
         WHERE api_tokens.member_id = excluded.member_id
       RETURNING id`,
      [member.id, BOOTSTRAP_TOKEN_NAME, tokenHash, displayPrefix(token)],
    );
    if (held.length === 0) {
      throw new Error('BOOTSTRAP_ADMIN_TOKEN is already the token of another member; choose another value');
    }
    // "Exactly that token": a bootstrap token configured before and since replaced stops working.
    await tx.query(
      `UPDATE api_tokens SET revoked_at = now()
        WHERE member_id = $1 AND name = $2 AND token_hash <> $3 AND revoked_at IS NULL`,
      [member.id, BOOTSTRAP_TOKEN_NAME, tokenHash],
    );
    return given ? undefined : token;
  });
}
