import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Ajv } from 'ajv';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ELECTION_PHASES, type ElectionPhase } from '../../taxonomy/election.entity.js';
import { parseDateTime } from '../date-time.js';
import { normaliseObservable } from '../observable-normalisation.js';
import {
  CLASSIFICATIONS,
  OBSERVABLE_TYPES,
  type Classification,
  SEVERITIES,
  type Severity,
  SIGNAL_SOURCES,
  type SignalSource,
  STATE_SECRET_CLASSIFICATIONS,
  type StateSecretClassification,
  TLPS,
  type Tlp,
  type ObservableType,
} from '../signal.enums.js';
import { AttributionDto } from './attribution.dto.js';
import { ObservableDto } from './observable.dto.js';
import {
  CATEGORY_CODE,
  ELECTION_CODE,
  IsDateTime,
  IsText,
  MUNICIPALITY_CODE,
  ORGANISATION_CODE,
} from './validators.js';

/** A signal as a liaison posts it. The reporting organisation and member come from the token. */
export class SubmitSignalDto {
  @ApiProperty({
    description: 'Short headline of what was observed, 1-200 characters.',
    minLength: 1,
    maxLength: 200,
    example: 'Fake accounts claim polling stations in Amsterdam-Noord close at 18:00',
  })
  @IsText({ min: 1, max: 200, notBlank: true })
  title: string;

  @ApiProperty({
    description: 'What was observed, where and when, up to 20 000 characters. Stored as received.',
    maxLength: 20000,
  })
  @IsText({ min: 0, max: 20000 })
  description: string;

  @ApiProperty({
    description: 'The kind of signal: a code of the taxonomy (GET /api/v1/taxonomy), such as disinformation.',
    example: 'disinformation',
  })
  @Matches(CATEGORY_CODE, { message: 'category must be a taxonomy code, such as disinformation' })
  category: string;

  @ApiProperty({ description: 'How serious the reporter judges it.', enum: SEVERITIES, example: 'high' })
  @IsIn(SEVERITIES)
  severity: Severity;

  @ApiProperty({
    description:
      'Traffic Light Protocol 2.0 marking. CLEAR and GREEN: every organisation may read it; AMBER, ' +
      'AMBER+STRICT and RED: only the reporting organisation and the addressees (RED needs at least one).',
    enum: TLPS,
    example: 'AMBER',
  })
  @IsIn(TLPS)
  tlp: Tlp;

  @ApiProperty({
    description:
      'Classification. State secrets (stg-confidentieel, stg-geheim, stg-zeer-geheim) are recognised and ' +
      'refused with a 422: they go only to the CIVD, never into this service.',
    enum: [...CLASSIFICATIONS, ...STATE_SECRET_CLASSIFICATIONS],
    example: 'unclassified',
  })
  @IsIn([...CLASSIFICATIONS, ...STATE_SECRET_CLASSIFICATIONS])
  classification: Classification | StateSecretClassification;

  @ApiProperty({ description: 'The election it concerns, by code (GR2018, REF2018).', example: 'GR2018' })
  @Matches(ELECTION_CODE, { message: 'election must be an election code, such as GR2018' })
  election: string;

  @ApiPropertyOptional({
    description: 'The phase of that election it concerns; must be one of the election’s phases.',
    enum: ELECTION_PHASES,
    example: 'campaign',
  })
  @IsOptional()
  @IsIn(ELECTION_PHASES)
  phase?: ElectionPhase;

  @ApiPropertyOptional({
    description: 'Municipalities concerned, by CBS code (GM0363), at most 400; duplicates are ignored.',
    type: [String],
    maxItems: 400,
    default: [],
    example: ['GM0363'],
  })
  @IsArray()
  @ArrayMaxSize(400)
  @Matches(MUNICIPALITY_CODE, {
    each: true,
    message: 'each of municipalities must be a CBS code, such as GM0363',
  })
  municipalities: string[] = [];

  @ApiProperty({
    description:
      'When it was observed: an RFC 3339 date-time with an offset, not later than now (plus a small clock skew).',
    example: '2018-03-14T09:30:00+01:00',
  })
  @IsDateTime()
  observedAt: string;

  @ApiProperty({
    description: 'Where the observation comes from.',
    enum: SIGNAL_SOURCES,
    example: 'open-source',
  })
  @IsIn(SIGNAL_SOURCES)
  source: SignalSource;

  @ApiProperty({
    description: "The reporter's confidence that the observation is accurate, 0-100.",
    minimum: 0,
    maximum: 100,
    example: 70,
  })
  @IsInt()
  @Min(0)
  @Max(100)
  confidence: number;

  @ApiPropertyOptional({
    description: 'Who the reporter suspects is behind it: a hypothesis, stored as given.',
    type: AttributionDto,
    nullable: true,
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AttributionDto)
  attribution?: AttributionDto | null;

  @ApiPropertyOptional({
    description: 'What was observed, at most 100; the same observable twice (once normalised) counts once.',
    type: [ObservableDto],
    maxItems: 100,
    default: [],
  })
  @IsArray()
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ObservableDto)
  observables: ObservableDto[] = [];

  @ApiPropertyOptional({
    description:
      'Organisations this signal is addressed to, by code (NCTV, GM0363), at most 50. They may always read it; ' +
      'RED needs at least one.',
    type: [String],
    maxItems: 50,
    default: [],
    example: ['NCTV'],
  })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(ORGANISATION_CODE, { each: true, message: 'each of addressees must be an organisation code' })
  addressees: string[] = [];

  @ApiPropertyOptional({
    description:
      "The reporter's own reference for this signal (a case or ticket number), up to 200 characters.",
    maxLength: 200,
    nullable: true,
  })
  @IsOptional()
  @IsText({ min: 1, max: 200 })
  externalRef?: string | null;

  /**
   * The fast way through the global validation pipe for the busiest route of election night: a compiled
   * JSON schema (several times cheaper than class-validator) that answers the DTO when the body is valid,
   * and undefined otherwise, so that class-validator judges it again and words every error. It must never
   * be laxer than the decorators above: submit-signal.dto.spec.ts compares both, field by field and on
   * generated bodies.
   */
  static compiledCheck(body: unknown): SubmitSignalDto | undefined {
    if (!isValidSubmission(body)) {
      return undefined;
    }
    if (parseDateTime(body.observedAt) === undefined) {
      return undefined;
    }
    if (body.observables?.some((o) => !normaliseObservable(o.type, o.value).ok)) {
      return undefined;
    }
    // What class-transformer would build: the defaults of the class, then the body, nested classes too.
    const dto = Object.assign(new SubmitSignalDto(), body);
    if (body.observables) {
      dto.observables = body.observables.map((o) => Object.assign(new ObservableDto(), o));
    }
    if (body.attribution) {
      dto.attribution = Object.assign(new AttributionDto(), body.attribution);
    }
    return dto;
  }
}

/**
 * A free-text field as IsText checks it: JSON Schema counts code points, as PostgreSQL does; NUL is refused by
 * the pipe before any check.
 */
const text = (minLength: number, maxLength: number, notBlank = false) => ({
  type: 'string',
  minLength,
  maxLength,
  ...(notBlank ? { pattern: '\\S' } : {}),
});
const nullable = (schema: object) => ({ anyOf: [{ type: 'null' }, schema] });
const oneOf = (values: readonly string[]) => ({ type: 'string', enum: values });
const percentage = { type: 'integer', minimum: 0, maximum: 100 };

/** The decorators of SubmitSignalDto, ObservableDto and AttributionDto as one JSON schema. */
const SUBMIT_SIGNAL_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: [
    'title',
    'description',
    'category',
    'severity',
    'tlp',
    'classification',
    'election',
    'observedAt',
    'source',
    'confidence',
  ],
  properties: {
    title: text(1, 200, true),
    description: text(0, 20000),
    category: { type: 'string', pattern: CATEGORY_CODE.source },
    severity: oneOf(SEVERITIES),
    tlp: oneOf(TLPS),
    classification: oneOf([...CLASSIFICATIONS, ...STATE_SECRET_CLASSIFICATIONS]),
    election: { type: 'string', pattern: ELECTION_CODE.source },
    phase: nullable(oneOf(ELECTION_PHASES)),
    municipalities: {
      type: 'array',
      maxItems: 400,
      items: { type: 'string', pattern: MUNICIPALITY_CODE.source },
    },
    observedAt: { type: 'string' },
    source: oneOf(SIGNAL_SOURCES),
    confidence: percentage,
    attribution: nullable({
      type: 'object',
      additionalProperties: false,
      required: ['actor', 'confidence'],
      properties: {
        actor: text(1, 200, true),
        confidence: percentage,
        rationale: nullable(text(0, 5000)),
      },
    }),
    observables: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'value'],
        properties: { type: oneOf(OBSERVABLE_TYPES), value: text(1, 2048) },
      },
    },
    addressees: {
      type: 'array',
      maxItems: 50,
      items: { type: 'string', pattern: ORGANISATION_CODE.source },
    },
    externalRef: nullable(text(1, 200)),
  },
};

interface CheckedSubmission {
  observedAt: string;
  observables?: { type: ObservableType; value: string }[];
  attribution?: object | null;
}

const isValidSubmission = new Ajv({ strict: true, allErrors: false }).compile<CheckedSubmission>(
  SUBMIT_SIGNAL_SCHEMA,
);
