import { CreateOrganisationsAndMembers1795932754000 } from './1795932754000-create-organisations-and-members.js';
import { CreateTaxonomyAndElections1795932755000 } from './1795932755000-create-taxonomy-and-elections.js';
import { CreateSignals1795932756000 } from './1795932756000-create-signals.js';
import { CreateRoutingAndAlerts1795940000000 } from './1795940000000-create-routing-and-alerts.js';
import { CreateCases1795950000000 } from './1795950000000-create-cases.js';
import { AddCaseAlertKinds1795950001000 } from './1795950001000-add-case-alert-kinds.js';
import { SequenceAlertsAfterCommit1795960000000 } from './1795960000000-sequence-alerts-after-commit.js';
import { NotifyAuthChanges1795970000000 } from './1795970000000-notify-auth-changes.js';
import { QueueAlertRecipients1795970001000 } from './1795970001000-queue-alert-recipients.js';

/** Every migration, in order. A new migration is added here as well as in its own file. */
export const migrations = [
  CreateOrganisationsAndMembers1795932754000,
  CreateTaxonomyAndElections1795932755000,
  CreateSignals1795932756000,
  CreateRoutingAndAlerts1795940000000,
  CreateCases1795950000000,
  AddCaseAlertKinds1795950001000,
  SequenceAlertsAfterCommit1795960000000,
  NotifyAuthChanges1795970000000,
  QueueAlertRecipients1795970001000,
];
