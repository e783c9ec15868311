import { ApiTokenEntity } from '../../modules/organisations/api-token.entity.js';
import { MemberEntity } from '../../modules/organisations/member.entity.js';
import { MunicipalityEntity } from '../../modules/organisations/municipality.entity.js';
import { OrganisationEntity } from '../../modules/organisations/organisation.entity.js';
import {
  SignalAddresseeEntity,
  SignalEntity,
  SignalObservableEntity,
} from '../../modules/signals/signal.entity.js';
import { ElectionEntity, ElectionPhaseEntity } from '../../modules/taxonomy/election.entity.js';
import { ActionTypeEntity, SignalCategoryEntity } from '../../modules/taxonomy/taxonomy-entry.entity.js';

/** Every entity: the CLI, the drift check and the application see the same schema. */
export const entities = [
  OrganisationEntity,
  MemberEntity,
  ApiTokenEntity,
  MunicipalityEntity,
  SignalCategoryEntity,
  ActionTypeEntity,
  ElectionEntity,
  ElectionPhaseEntity,
  SignalEntity,
  SignalObservableEntity,
  SignalAddresseeEntity,
];
