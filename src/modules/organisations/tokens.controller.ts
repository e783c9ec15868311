import { Controller, Delete, HttpCode, HttpStatus, Param } from '@nestjs/common';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentMember, RequirePermission } from '../../common/auth/decorators.js';
import type { Member } from '../../common/auth/member.js';
import { Permission } from '../../common/auth/permissions.js';
import { UuidParam } from '../../common/http/uuid-param.js';
import { MembersService } from './members.service.js';

@ApiTags('members')
@Controller('tokens')
export class TokensController {
  constructor(private readonly members: MembersService) {}

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermission(Permission.MemberManage)
  @ApiOperation({ summary: 'Revoke a token of a member you administer; it stops working at once' })
  @ApiNoContentResponse({ description: 'Revoked (also when it was revoked before)' })
  @ApiNotFoundResponse({ description: 'No token with this id that you administer' })
  revoke(@CurrentMember() member: Member, @Param() { id }: UuidParam): Promise<void> {
    return this.members.revokeToken(member, id);
  }
}
