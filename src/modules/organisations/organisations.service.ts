import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Member } from '../../common/auth/member.js';
import { Permission } from '../../common/auth/permissions.js';
import { AppError } from '../../common/errors/app-error.js';
import { decodeCursor, type Page, toPage } from '../../common/http/pagination.js';
import { AdminAccessService, type Caller } from './admin-access.service.js';
import type { CreateOrganisationDto } from './dto/create-organisation.dto.js';
import type { ListOrganisationsQuery } from './dto/list-organisations.query.js';
import { OrganisationResponse } from './dto/organisation.response.js';
import { organisationNotFound } from './organisation.errors.js';
import { OrganisationsRepository } from './organisations.repository.js';

/** The organisation directory: every member may read it; only operator admins extend it. */
@Injectable()
export class OrganisationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: OrganisationsRepository,
    private readonly access: AdminAccessService,
  ) {}

  async list(_member: Member, query: ListOrganisationsQuery): Promise<Page<OrganisationResponse>> {
    const after = query.cursor ? decodeCursor(query.cursor, ['code'] as const).code : undefined;
    const rows = await this.repo.list({ kind: query.kind, afterCode: after, limit: query.limit + 1 });
    return toPage(
      rows,
      query.limit,
      (row) => OrganisationResponse.from(row),
      (row) => ({ code: row.code }),
    );
  }

  async get(_member: Member, code: string): Promise<OrganisationResponse> {
    const row = await this.repo.findByCode(code);
    if (!row) {
      throw organisationNotFound(code);
    }
    return OrganisationResponse.from(row);
  }

  async create(caller: Caller, dto: CreateOrganisationDto): Promise<OrganisationResponse> {
    this.access.requireOperator(caller, Permission.OrganisationManage);
    const row = await this.dataSource.transaction(async (tx) => {
      const parent = dto.parentCode ? await this.repo.findByCode(dto.parentCode, tx) : undefined;
      if (dto.parentCode && !parent) {
        throw new AppError(
          'organisation.parent_not_found',
          `The parent organisation ${dto.parentCode} does not exist.`,
        );
      }
      return this.repo.insert(tx, {
        code: dto.code,
        name: dto.name,
        nameNl: dto.nameNl ?? dto.name,
        kind: dto.kind,
        parentId: parent?.id ?? null,
      });
    });
    return OrganisationResponse.from(row);
  }
}
