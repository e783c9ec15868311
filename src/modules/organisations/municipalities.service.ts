import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Permission } from '../../common/auth/permissions.js';
import { upsertMunicipality } from '../taxonomy/reference-data.js';
import { AdminAccessService, type Caller } from './admin-access.service.js';
import { assertValidMunicipalities, type MunicipalityInput } from './municipalities-csv.js';

export interface MunicipalityImportReport {
  added: number;
  changed: number;
  unchanged: number;
}

/** Municipalities are reference data an operator imports; each is also an organisation under its CBS code. */
@Injectable()
export class MunicipalitiesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AdminAccessService,
  ) {}

  /** All or nothing, and idempotent: importing the same rows again changes nothing. */
  async import(caller: Caller, rows: readonly MunicipalityInput[]): Promise<MunicipalityImportReport> {
    this.access.requireOperator(caller, Permission.OrganisationManage);
    assertValidMunicipalities(rows);
    return this.dataSource.transaction(async (tx) => {
      const report: MunicipalityImportReport = { added: 0, changed: 0, unchanged: 0 };
      for (const row of rows) {
        const outcome = await upsertMunicipality(tx, {
          code: row.code,
          name: row.name,
          province: row.province,
        });
        report[outcome] += 1;
      }
      return report;
    });
  }
}
