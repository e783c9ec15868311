import { Body, Controller, Get, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentMember, RequirePermission } from '../../common/auth/decorators.js';
import type { Member } from '../../common/auth/member.js';
import { Permission } from '../../common/auth/permissions.js';
import { CreateTaxonomyEntryDto } from './dto/create-taxonomy-entry.dto.js';
import { TaxonomyEntryResponse } from './dto/taxonomy-entry.response.js';
import { TaxonomyResponse } from './dto/taxonomy.response.js';
import { TaxonomyService } from './taxonomy.service.js';

@ApiTags('taxonomy')
@Controller('taxonomy')
export class TaxonomyController {
  constructor(private readonly taxonomy: TaxonomyService) {}

  @Get()
  @RequirePermission(Permission.TaxonomyRead)
  @ApiOperation({ summary: 'Signal categories, action types and elections with their phases' })
  @ApiOkResponse({ type: TaxonomyResponse })
  get(@CurrentMember() member: Member): Promise<TaxonomyResponse> {
    return this.taxonomy.get(member);
  }

  @Post('categories')
  @RequirePermission(Permission.TaxonomyManage)
  @ApiOperation({ summary: 'Add a signal category (administrators of the operator organisation only)' })
  @ApiCreatedResponse({ type: TaxonomyEntryResponse })
  @ApiForbiddenResponse({ description: 'Not an administrator of the operator organisation' })
  @ApiConflictResponse({ description: 'The code is taken' })
  addCategory(
    @CurrentMember() member: Member,
    @Body() dto: CreateTaxonomyEntryDto,
  ): Promise<TaxonomyEntryResponse> {
    return this.taxonomy.addCategory(member, dto);
  }

  @Post('action-types')
  @RequirePermission(Permission.TaxonomyManage)
  @ApiOperation({ summary: 'Add a follow-up action type (administrators of the operator organisation only)' })
  @ApiCreatedResponse({ type: TaxonomyEntryResponse })
  @ApiForbiddenResponse({ description: 'Not an administrator of the operator organisation' })
  @ApiConflictResponse({ description: 'The code is taken' })
  addActionType(
    @CurrentMember() member: Member,
    @Body() dto: CreateTaxonomyEntryDto,
  ): Promise<TaxonomyEntryResponse> {
    return this.taxonomy.addActionType(member, dto);
  }
}
