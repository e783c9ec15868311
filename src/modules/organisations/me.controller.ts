import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentMember } from '../../common/auth/decorators.js';
import type { Member } from '../../common/auth/member.js';
import { MeResponse } from './dto/me.response.js';
import { MembersService } from './members.service.js';

@ApiTags('members')
@Controller('me')
export class MeController {
  constructor(private readonly members: MembersService) {}

  @Get()
  @ApiOperation({ summary: 'Who the token belongs to: member, roles and organisation' })
  @ApiOkResponse({ type: MeResponse })
  me(@CurrentMember() member: Member): Promise<MeResponse> {
    return this.members.me(member);
  }
}
