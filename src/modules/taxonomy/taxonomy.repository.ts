import { isUniqueViolation } from '../../common/database/postgres-errors.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import type { ElectionPhase } from './election.entity.js';

export type TaxonomyTable = 'signal_categories' | 'action_types';

export interface TaxonomyEntryRow {
  code: string;
  name_en: string;
  name_nl: string;
}

export interface ElectionRow {
  code: string;
  name_en: string;
  name_nl: string;
  election_date: string;
}

export interface ElectionPhaseRow {
  election_code: string;
  phase: ElectionPhase;
  starts_at: Date;
  ends_at: Date;
}

@Injectable()
export class TaxonomyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** `table` is one of two constants, never input. Sorted bytewise so the order is the same on every server. */
  entries(table: TaxonomyTable): Promise<TaxonomyEntryRow[]> {
    return this.dataSource.query<TaxonomyEntryRow[]>(
      `SELECT code, name_en, name_nl FROM ${table} ORDER BY code COLLATE "C"`,
    );
  }

  /** election_date as text: pg would turn a date into a local-midnight Date. */
  elections(): Promise<ElectionRow[]> {
    return this.dataSource.query<ElectionRow[]>(
      `SELECT code, name_en, name_nl, election_date::text AS election_date
         FROM elections ORDER BY election_date, code COLLATE "C"`,
    );
  }

  phases(): Promise<ElectionPhaseRow[]> {
    return this.dataSource.query<ElectionPhaseRow[]>(
      `SELECT election_code, phase, starts_at, ends_at FROM election_phases ORDER BY election_code, starts_at`,
    );
  }

  async insertEntry(
    table: TaxonomyTable,
    entry: { code: string; nameEn: string; nameNl: string },
  ): Promise<TaxonomyEntryRow> {
    try {
      const [row] = await this.dataSource.query<TaxonomyEntryRow[]>(
        `INSERT INTO ${table} (code, name_en, name_nl) VALUES ($1, $2, $3) RETURNING code, name_en, name_nl`,
        [entry.code, entry.nameEn, entry.nameNl],
      );
      if (!row) {
        throw new Error('INSERT … RETURNING answered no row');
      }
      return row;
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError('taxonomy.duplicate_code', `The code ${entry.code} is taken already.`, {
          taxonomy: table === 'signal_categories' ? 'categories' : 'actionTypes',
        });
      }
      throw error;
    }
  }
}
