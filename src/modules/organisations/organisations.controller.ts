import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentMember, RequirePermission } from '../../common/auth/decorators.js';
import type { Member } from '../../common/auth/member.js';
import { Permission } from '../../common/auth/permissions.js';
import type { Page } from '../../common/http/pagination.js';
import { AddMemberDto } from './dto/add-member.dto.js';
import { CreateOrganisationDto } from './dto/create-organisation.dto.js';
import { ListOrganisationsQuery } from './dto/list-organisations.query.js';
import { MemberResponse } from './dto/member.response.js';
import { OrganisationCodeParam } from './dto/organisation-code.param.js';
import { OrganisationPage } from './dto/organisation-page.response.js';
import { OrganisationResponse } from './dto/organisation.response.js';
import { MembersService } from './members.service.js';
import { OrganisationsService } from './organisations.service.js';

@ApiTags('organisations')
@Controller('organisations')
export class OrganisationsController {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly members: MembersService,
  ) {}

  @Get()
  @RequirePermission(Permission.OrganisationRead)
  @ApiOperation({ summary: 'The directory of organisations, by code (every member may read it)' })
  @ApiOkResponse({ type: OrganisationPage })
  list(
    @CurrentMember() member: Member,
    @Query() query: ListOrganisationsQuery,
  ): Promise<Page<OrganisationResponse>> {
    return this.organisations.list(member, query);
  }

  @Get(':code')
  @RequirePermission(Permission.OrganisationRead)
  @ApiOperation({ summary: 'One organisation, with the code of its parent' })
  @ApiOkResponse({ type: OrganisationResponse })
  @ApiNotFoundResponse({ description: 'No organisation has this code' })
  get(
    @CurrentMember() member: Member,
    @Param() { code }: OrganisationCodeParam,
  ): Promise<OrganisationResponse> {
    return this.organisations.get(member, code);
  }

  @Post()
  @RequirePermission(Permission.OrganisationManage)
  @ApiOperation({ summary: 'Add an organisation (administrators of the operator organisation only)' })
  @ApiCreatedResponse({ type: OrganisationResponse })
  @ApiForbiddenResponse({ description: 'Not an administrator of the operator organisation' })
  @ApiConflictResponse({ description: 'The code is taken (regardless of case)' })
  @ApiUnprocessableEntityResponse({ description: 'The parent organisation does not exist' })
  create(@CurrentMember() member: Member, @Body() dto: CreateOrganisationDto): Promise<OrganisationResponse> {
    return this.organisations.create(member, dto);
  }

  @Post(':code/members')
  @RequirePermission(Permission.MemberManage)
  @ApiOperation({
    summary:
      'Add a member to an organisation you administer (your own or one under it; any for the operator)',
  })
  @ApiCreatedResponse({ type: MemberResponse })
  @ApiForbiddenResponse({ description: 'Not an admin, or the organisation is outside what you administer' })
  @ApiNotFoundResponse({ description: 'No organisation has this code' })
  @ApiConflictResponse({ description: 'A member with this email exists already' })
  addMember(
    @CurrentMember() member: Member,
    @Param() { code }: OrganisationCodeParam,
    @Body() dto: AddMemberDto,
  ): Promise<MemberResponse> {
    return this.members.addMember(member, code, dto);
  }
}
