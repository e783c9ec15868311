import { Injectable } from '@nestjs/common';
import type { Member } from '../../common/auth/member.js';
import { Permission } from '../../common/auth/permissions.js';
import { AdminAccessService } from '../organisations/admin-access.service.js';
import type { CreateTaxonomyEntryDto } from './dto/create-taxonomy-entry.dto.js';
import { ElectionResponse } from './dto/election.response.js';
import { TaxonomyEntryResponse } from './dto/taxonomy-entry.response.js';
import type { TaxonomyResponse } from './dto/taxonomy.response.js';
import { TaxonomyRepository } from './taxonomy.repository.js';

/** The taxonomy is a moving target (the letter's words): it grows at run time, never by a code change. */
@Injectable()
export class TaxonomyService {
  constructor(
    private readonly repo: TaxonomyRepository,
    private readonly access: AdminAccessService,
  ) {}

  async get(_member: Member): Promise<TaxonomyResponse> {
    const [categories, actionTypes, elections, phases] = await Promise.all([
      this.repo.entries('signal_categories'),
      this.repo.entries('action_types'),
      this.repo.elections(),
      this.repo.phases(),
    ]);
    return {
      categories: categories.map((row) => TaxonomyEntryResponse.from(row)),
      actionTypes: actionTypes.map((row) => TaxonomyEntryResponse.from(row)),
      elections: elections.map((election) => ElectionResponse.from(election, phases)),
    };
  }

  async addCategory(member: Member, dto: CreateTaxonomyEntryDto): Promise<TaxonomyEntryResponse> {
    this.access.requireOperator(member, Permission.TaxonomyManage);
    return TaxonomyEntryResponse.from(await this.repo.insertEntry('signal_categories', dto));
  }

  async addActionType(member: Member, dto: CreateTaxonomyEntryDto): Promise<TaxonomyEntryResponse> {
    this.access.requireOperator(member, Permission.TaxonomyManage);
    return TaxonomyEntryResponse.from(await this.repo.insertEntry('action_types', dto));
  }
}
