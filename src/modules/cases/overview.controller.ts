import { Controller, Get, Param } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentMember, RequirePermission } from '../../common/auth/decorators.js';
import type { Member } from '../../common/auth/member.js';
import { Permission } from '../../common/auth/permissions.js';
import { ElectionCodeParam } from './dto/election-code.param.js';
import { ElectionOverviewResponse } from './dto/election-overview.response.js';
import { OverviewService } from './overview.service.js';

@ApiTags('overview')
@ApiUnauthorizedResponse({ description: 'No valid API token (problem+json).' })
@Controller('elections')
export class OverviewController {
  constructor(private readonly overview: OverviewService) {}

  @Get(':code/overview')
  @RequirePermission(Permission.OverviewRead)
  @ApiOperation({ summary: 'The coordinators’ overview of an election' })
  @ApiOkResponse({ type: ElectionOverviewResponse })
  @ApiForbiddenResponse({ description: 'You are not a coordinator.' })
  @ApiNotFoundResponse({ description: 'No such election.' })
  get(
    @CurrentMember() member: Member,
    @Param() { code }: ElectionCodeParam,
  ): Promise<ElectionOverviewResponse> {
    return this.overview.overview(member, code);
  }
}
