import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import {
  CATEGORY_CODE,
  ELECTION_CODE,
  IsOptionalNonNull,
  IsText,
  MUNICIPALITY_CODE,
} from '../../signals/dto/validators.js';
import {
  OBSERVABLE_TYPES,
  type ObservableType,
  SEVERITIES,
  type Severity,
  TLPS,
  type Tlp,
} from '../../signals/signal.enums.js';
import { ELECTION_PHASES, type ElectionPhase } from '../../taxonomy/election.entity.js';

const MATCHES_EVERYTHING = 'Left out or empty, it matches every signal.';

/**
 * What an organisation wants to be alerted about. Every matcher must hold for a signal to match; a matcher
 * left out or empty matches every signal.
 */
export class CreateSubscriptionDto {
  @ApiProperty({
    description:
      'A name for the subscription, 1-200 characters; recipients see it as the reason of an alert.',
    minLength: 1,
    maxLength: 200,
    example: 'Critical disinformation',
  })
  @IsText({ min: 1, max: 200, notBlank: true })
  name: string;

  @ApiPropertyOptional({
    description: `Signal categories (taxonomy codes), at most 50: the signal's category must be one. ${MATCHES_EVERYTHING}`,
    type: [String],
    maxItems: 50,
    example: ['disinformation'],
  })
  @IsOptionalNonNull()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(CATEGORY_CODE, { each: true, message: 'each of categories must be a taxonomy code' })
  categories?: string[];

  @ApiPropertyOptional({
    description:
      'The lowest severity that matches (low < moderate < high < critical); null or left out matches every severity.',
    enum: SEVERITIES,
    nullable: true,
    example: 'critical',
  })
  @IsOptional()
  @IsIn(SEVERITIES)
  minSeverity?: Severity | null;

  @ApiPropertyOptional({
    description: `Elections (codes), at most 20: the signal's election must be one. ${MATCHES_EVERYTHING}`,
    type: [String],
    maxItems: 20,
    example: ['GR2018'],
  })
  @IsOptionalNonNull()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(ELECTION_CODE, { each: true, message: 'each of elections must be an election code' })
  elections?: string[];

  @ApiPropertyOptional({
    description:
      "Election phases: the signal's phase must be one. A signal that names no phase is matched with the " +
      `phase the election calendar gives for the moment it is posted. ${MATCHES_EVERYTHING}`,
    enum: ELECTION_PHASES,
    isArray: true,
    maxItems: ELECTION_PHASES.length,
  })
  @IsOptionalNonNull()
  @IsArray()
  @ArrayMaxSize(ELECTION_PHASES.length)
  @IsIn(ELECTION_PHASES, { each: true })
  phases?: ElectionPhase[];

  @ApiPropertyOptional({
    description: `Municipalities (CBS codes), at most 400: the signal must concern at least one. ${MATCHES_EVERYTHING}`,
    type: [String],
    maxItems: 400,
    example: ['GM0363'],
  })
  @IsOptionalNonNull()
  @IsArray()
  @ArrayMaxSize(400)
  @Matches(MUNICIPALITY_CODE, {
    each: true,
    message: 'each of municipalities must be a CBS code, such as GM0363',
  })
  municipalities?: string[];

  @ApiPropertyOptional({
    description:
      `TLP markings: the signal's must be one. RED signals reach their addressees only, so a subscription ` +
      `never matches them. ${MATCHES_EVERYTHING}`,
    enum: TLPS,
    isArray: true,
    maxItems: TLPS.length,
  })
  @IsOptionalNonNull()
  @IsArray()
  @ArrayMaxSize(TLPS.length)
  @IsIn(TLPS, { each: true })
  tlp?: Tlp[];

  @ApiPropertyOptional({
    description: `Observable types: the signal must carry an observable of at least one. ${MATCHES_EVERYTHING}`,
    enum: OBSERVABLE_TYPES,
    isArray: true,
    maxItems: OBSERVABLE_TYPES.length,
  })
  @IsOptionalNonNull()
  @IsArray()
  @ArrayMaxSize(OBSERVABLE_TYPES.length)
  @IsIn(OBSERVABLE_TYPES, { each: true })
  observableTypes?: ObservableType[];

  @ApiPropertyOptional({
    description: 'A paused subscription matches nothing until it is resumed. Default false.',
    default: false,
  })
  @IsOptionalNonNull()
  @IsBoolean()
  paused?: boolean;
}
