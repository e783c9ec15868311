import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentMember, RequirePermission } from '../../common/auth/decorators.js';
import type { Member } from '../../common/auth/member.js';
import { Permission } from '../../common/auth/permissions.js';
import type { Page } from '../../common/http/pagination.js';
import { UuidParam } from '../../common/http/uuid-param.js';
import { ActionsService } from './actions.service.js';
import { ActionPageResponse } from './dto/action-page.response.js';
import { ActionResponse } from './dto/action.response.js';
import { ChangeActionStatusDto } from './dto/change-action-status.dto.js';
import { CreateActionDto } from './dto/create-action.dto.js';
import { ListActionsQuery } from './dto/list-actions.query.js';

@ApiTags('actions')
@ApiUnauthorizedResponse({ description: 'No valid API token (problem+json).' })
@Controller()
export class ActionsController {
  constructor(private readonly actions: ActionsService) {}

  @Post('cases/:id/actions')
  @RequirePermission(Permission.CaseManage)
  @ApiOperation({ summary: 'Assign a follow-up action to an organisation (coordinators); it gets an alert' })
  @ApiCreatedResponse({ type: ActionResponse })
  @ApiBadRequestResponse({ description: 'Invalid body; `errors` names each field.' })
  @ApiForbiddenResponse({ description: 'You are not a coordinator.' })
  @ApiNotFoundResponse({ description: 'No such case, or one you may not see.' })
  @ApiConflictResponse({ description: 'The case is closed.' })
  @ApiUnprocessableEntityResponse({ description: 'Unknown action type or organisation, or due in the past.' })
  create(
    @CurrentMember() member: Member,
    @Param() { id }: UuidParam,
    @Body() dto: CreateActionDto,
  ): Promise<ActionResponse> {
    return this.actions.create(member, id, dto);
  }

  @Get('actions')
  @RequirePermission(Permission.CaseRead)
  @ApiOperation({
    summary: 'A work list across cases, soonest due first: `?assignee=me&state=open` for your own',
  })
  @ApiOkResponse({ type: ActionPageResponse })
  @ApiBadRequestResponse({ description: 'Invalid filter or cursor.' })
  list(@CurrentMember() member: Member, @Query() query: ListActionsQuery): Promise<Page<ActionResponse>> {
    return this.actions.list(member, query);
  }

  @Get('actions/:id')
  @RequirePermission(Permission.CaseRead)
  @ApiOperation({ summary: 'Read an action in a case you may see' })
  @ApiOkResponse({ type: ActionResponse })
  @ApiNotFoundResponse({ description: 'No such action, or one in a case you may not see.' })
  get(@CurrentMember() member: Member, @Param() { id }: UuidParam): Promise<ActionResponse> {
    return this.actions.get(member, id);
  }

  @Post('actions/:id/status')
  @HttpCode(200)
  @RequirePermission(Permission.ActionUpdate)
  @ApiOperation({ summary: 'Move an action along open → in-progress → done | cancelled (assignee analysts)' })
  @ApiOkResponse({ type: ActionResponse })
  @ApiForbiddenResponse({ description: 'You are not an analyst of the assignee organisation.' })
  @ApiNotFoundResponse({ description: 'No such action, or one in a case you may not see.' })
  @ApiConflictResponse({ description: 'Not a step from the current status.' })
  @ApiUnprocessableEntityResponse({ description: 'done and cancelled need an outcome.' })
  changeStatus(
    @CurrentMember() member: Member,
    @Param() { id }: UuidParam,
    @Body() dto: ChangeActionStatusDto,
  ): Promise<ActionResponse> {
    return this.actions.changeStatus(member, id, dto);
  }
}
