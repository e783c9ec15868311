import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches, type ValidationArguments, ValidateBy, ValidateIf } from 'class-validator';
import { IsText, ORGANISATION_CODE } from '../../signals/dto/validators.js';
import type { AlertState } from '../alert.entity.js';

export const ALERT_RESPONSES = [
  'acknowledged',
  'not-competent',
  'declined',
] as const satisfies readonly AlertState[];
export type AlertResponseState = (typeof ALERT_RESPONSES)[number];

/** Body of POST /alerts/{id}/acknowledge. */
export class AcknowledgeAlertDto {
  @ApiProperty({
    description:
      'acknowledged: we are on it (for update and escalation alerts: seen); not-competent: not ours to act on, ' +
      'optionally with forwardTo; declined: we will not act, with a reason.',
    enum: ALERT_RESPONSES,
  })
  @IsIn(ALERT_RESPONSES)
  response: AlertResponseState;

  @ApiPropertyOptional({
    description:
      'Only with not-competent: the code of the organisation that should act instead. It gets an alert of its ' +
      'own, linked to this one, if the TLP allows (CLEAR, GREEN, AMBER; AMBER+STRICT and RED only to an ' +
      'organisation that may already see the signal).',
    example: 'NCTV',
  })
  @IsOptional()
  @Matches(ORGANISATION_CODE, { message: 'forwardTo must be an organisation code' })
  @ValidateBy({
    name: 'forwardOnlyWhenNotCompetent',
    validator: {
      validate: (_value: unknown, args?: ValidationArguments) =>
        (args?.object as AcknowledgeAlertDto | undefined)?.response === 'not-competent',
      defaultMessage: () => 'forwardTo is allowed only with the response not-competent',
    },
  })
  forwardTo?: string;

  @ApiPropertyOptional({
    description: 'Why (1-2000 characters); required when declining.',
    minLength: 1,
    maxLength: 2000,
  })
  // Validated when given, and always for declined, where a missing reason fails as "must be a string".
  @ValidateIf((dto: AcknowledgeAlertDto) => dto.response === 'declined' || dto.reason !== undefined)
  @IsText({ min: 1, max: 2000, notBlank: true })
  reason?: string;
}
