import { isUniqueViolation } from '../../common/database/postgres-errors.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import type { AdminScope } from './admin-access.service.js';
import type { OrganisationKind } from './organisation.entity.js';

export interface OrganisationRow {
  id: string;
  code: string;
  name: string;
  name_nl: string;
  kind: OrganisationKind;
  parent_code: string | null;
}

/**
 * SQL condition: `column` lies in the scope's subtree (always true when the scope is everything). `param` is the
 * placeholder bound to `scope.rootOrganisationId`. UNION, not UNION ALL, so that even a cycle terminates.
 */
export function inAdminScope(column: string, param: string): string {
  return `(${param}::uuid IS NULL OR ${column} IN (
            WITH RECURSIVE subtree AS (
              SELECT id FROM organisations WHERE id = ${param}::uuid
              UNION
              SELECT child.id FROM organisations child JOIN subtree ON child.parent_id = subtree.id
            )
            SELECT id FROM subtree))`;
}

const SELECT_ORGANISATION = `
  SELECT o.id, o.code, o.name, o.name_nl, o.kind, p.code AS parent_code
    FROM organisations o
    LEFT JOIN organisations p ON p.id = o.parent_id`;

@Injectable()
export class OrganisationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Ordered by code, bytewise (COLLATE "C"), so pages are the same whatever the database's locale. */
  list(filter: { kind?: OrganisationKind; afterCode?: string; limit: number }): Promise<OrganisationRow[]> {
    return this.dataSource.query<OrganisationRow[]>(
      `${SELECT_ORGANISATION}
        WHERE ($1::text IS NULL OR o.kind = $1)
          AND ($2::text IS NULL OR o.code COLLATE "C" > $2)
        ORDER BY o.code COLLATE "C"
        LIMIT $3`,
      [filter.kind ?? null, filter.afterCode ?? null, filter.limit],
    );
  }

  async findByCode(
    code: string,
    tx: EntityManager = this.dataSource.manager,
  ): Promise<OrganisationRow | undefined> {
    const [row] = await tx.query<OrganisationRow[]>(`${SELECT_ORGANISATION} WHERE o.code = $1`, [code]);
    return row;
  }

  async isInScope(tx: EntityManager, organisationId: string, scope: AdminScope): Promise<boolean> {
    const [row] = await tx.query<{ in_scope: boolean }[]>(
      `SELECT ${inAdminScope('$1::uuid', '$2')} AS in_scope`,
      [organisationId, scope.rootOrganisationId],
    );
    return row?.in_scope === true;
  }

  /** Codes are unique regardless of case too: `bzk` beside `BZK` would only confuse addressing. */
  async insert(
    tx: EntityManager,
    row: { code: string; name: string; nameNl: string; kind: OrganisationKind; parentId: string | null },
  ): Promise<OrganisationRow> {
    let inserted: { id: string }[] = [];
    try {
      inserted = await tx.query<{ id: string }[]>(
        `INSERT INTO organisations (code, name, name_nl, kind, parent_id)
         SELECT $1, $2, $3, $4, $5
          WHERE NOT EXISTS (SELECT 1 FROM organisations WHERE lower(code) = lower($1))
         RETURNING id`,
        [row.code, row.name, row.nameNl, row.kind, row.parentId],
      );
    } catch (error) {
      if (!isUniqueViolation(error, 'organisations_code_key')) {
        throw error;
      }
    }
    const created = inserted.length > 0 ? await this.findByCode(row.code, tx) : undefined;
    if (!created) {
      throw new AppError(
        'organisation.duplicate_code',
        `An organisation with code ${row.code} exists already.`,
      );
    }
    return created;
  }
}
