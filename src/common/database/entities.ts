import {
  AlertEntity,
  AlertPositionEntity,
  AlertSequenceEntity,
  AlertsToSequenceEntity,
} from '../../modules/alerts/alert.entity.js';
import {
  WebhookDeliveryAttemptEntity,
  WebhookDeliveryEntity,
  WebhookEndpointEntity,
} from '../../modules/alerts/webhook.entity.js';
import {
  CaseActionEntity,
  CaseClosureRequestEntity,
  CaseEntity,
  CaseEventEntity,
  CaseSignalEntity,
} from '../../modules/cases/case.entity.js';
import { ApiTokenEntity } from '../../modules/organisations/api-token.entity.js';
import { MemberEntity } from '../../modules/organisations/member.entity.js';
import { MunicipalityEntity } from '../../modules/organisations/municipality.entity.js';
import { OrganisationEntity } from '../../modules/organisations/organisation.entity.js';
import { SubscriptionEntity } from '../../modules/routing/subscription.entity.js';
import {
  SignalAddresseeEntity,
  SignalEntity,
  SignalObservableEntity,
  SignalVersionEntity,
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
  SignalVersionEntity,
  SubscriptionEntity,
  AlertSequenceEntity,
  AlertEntity,
  AlertPositionEntity,
  AlertsToSequenceEntity,
  WebhookEndpointEntity,
  WebhookDeliveryEntity,
  WebhookDeliveryAttemptEntity,
  CaseEntity,
  CaseSignalEntity,
  CaseClosureRequestEntity,
  CaseActionEntity,
  CaseEventEntity,
];
