import { Body, Controller, Param, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentMember, RequirePermission } from '../../common/auth/decorators.js';
import type { Member } from '../../common/auth/member.js';
import { Permission } from '../../common/auth/permissions.js';
import { UuidParam } from '../../common/http/uuid-param.js';
import { CreateTokenDto } from './dto/create-token.dto.js';
import { CreatedTokenResponse } from './dto/created-token.response.js';
import { MembersService } from './members.service.js';

@ApiTags('members')
@Controller('members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Post(':id/tokens')
  @RequirePermission(Permission.MemberManage)
  @ApiOperation({
    summary: 'Create an API token for a member you administer; the answer is the only time it is shown',
  })
  @ApiCreatedResponse({ type: CreatedTokenResponse })
  @ApiNotFoundResponse({ description: 'No member with this id that you administer' })
  @ApiUnprocessableEntityResponse({ description: 'expiresAt lies in the past' })
  createToken(
    @CurrentMember() member: Member,
    @Param() { id }: UuidParam,
    @Body() dto: CreateTokenDto,
  ): Promise<CreatedTokenResponse> {
    return this.members.createToken(member, id, dto);
  }
}
