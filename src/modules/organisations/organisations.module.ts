import { Module } from '@nestjs/common';
import { AdminAccessService } from './admin-access.service.js';
import { MeController } from './me.controller.js';
import { MembersController } from './members.controller.js';
import { MembersRepository } from './members.repository.js';
import { MembersService } from './members.service.js';
import { MunicipalitiesService } from './municipalities.service.js';
import { OrganisationsController } from './organisations.controller.js';
import { OrganisationsRepository } from './organisations.repository.js';
import { OrganisationsService } from './organisations.service.js';
import { TokensController } from './tokens.controller.js';

/** Organisations (a tree: JenV > NCTV), members, roles, API tokens, and the municipalities import. */
@Module({
  controllers: [MeController, OrganisationsController, MembersController, TokensController],
  providers: [
    AdminAccessService,
    OrganisationsRepository,
    MembersRepository,
    OrganisationsService,
    MembersService,
    MunicipalitiesService,
  ],
  exports: [AdminAccessService, OrganisationsService, MembersService, MunicipalitiesService],
})
export class OrganisationsModule {}
