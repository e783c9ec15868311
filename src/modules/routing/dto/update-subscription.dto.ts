import { PartialType } from '@nestjs/swagger';
import { CreateSubscriptionDto } from './create-subscription.dto.js';

/**
 * Any fields of a subscription; those left out keep their value. An empty list clears a matcher and
 * `minSeverity: null` clears the minimum. Nulls are validated, not skipped: `name: null` is a 400.
 */
export class UpdateSubscriptionDto extends PartialType(CreateSubscriptionDto, {
  skipNullProperties: false,
}) {}
