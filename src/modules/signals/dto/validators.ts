import { type ValidationArguments, type ValidationOptions, ValidateBy, ValidateIf } from 'class-validator';
import { parseDateTime } from '../date-time.js';
import { normaliseObservable } from '../observable-normalisation.js';
import { OBSERVABLE_TYPES, type ObservableType } from '../signal.enums.js';

// The shapes of codes, as the CHECK constraints of their tables define them.
export const CATEGORY_CODE = /^[a-z0-9][a-z0-9-]{1,47}$/;
export const ELECTION_CODE = /^[A-Z0-9-]{2,32}$/;
export const MUNICIPALITY_CODE = /^GM[0-9]{4}$/;
export const ORGANISATION_CODE = /^[A-Za-z0-9-]{2,16}$/;

/** Characters as PostgreSQL's char_length counts them (code points), which the CHECK constraints use. */
function characterCount(value: string): number {
  return value.length - (value.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0);
}

function textProblem(
  value: unknown,
  options: { min: number; max: number; notBlank?: boolean },
): string | undefined {
  if (typeof value !== 'string') {
    return 'must be a string';
  }
  const count = characterCount(value);
  if (count < options.min || count > options.max) {
    return `must be ${options.min} to ${options.max} characters long (is ${count})`;
  }
  if (options.notBlank && !/\S/.test(value)) {
    return 'must not be blank';
  }
  // PostgreSQL text (and jsonb) cannot hold NUL.
  return value.includes('\u0000') ? 'must not contain NUL characters' : undefined;
}

/**
 * A free-text field, stored as received: a string of `min`-`max` characters counted as the database does
 * (class-validator's MaxLength counts differently: it discounts variation selectors) and without NUL.
 */
export function IsText(
  options: { min: number; max: number; notBlank?: boolean },
  validationOptions?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isText',
      constraints: [options],
      validator: {
        validate: (value: unknown) => textProblem(value, options) === undefined,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} ${textProblem(args?.value, options) ?? 'is not valid'}`,
      },
    },
    validationOptions,
  );
}

/** An RFC 3339 date-time with an offset (`2018-03-21T07:30:00+01:00`) that names a real instant. */
export function IsDateTime(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDateTime',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseDateTime(value) !== undefined,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} must be an RFC 3339 date-time with an offset, such as 2018-03-21T07:30:00+01:00`,
      },
    },
    validationOptions,
  );
}

function observableProblem(value: unknown, args?: ValidationArguments): string | undefined {
  const type = (args?.object as { type?: unknown } | undefined)?.type;
  if (!OBSERVABLE_TYPES.includes(type as ObservableType)) {
    return undefined; // the type field reports its own error
  }
  if (typeof value !== 'string') {
    return 'must be a string';
  }
  const result = normaliseObservable(type as ObservableType, value);
  return result.ok ? undefined : `is not a valid ${String(type)}: it ${result.reason}`;
}

/** The value of an observable must normalise under its `type` (see observable-normalisation.ts). */
export function IsObservableValue(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isObservableValue',
      validator: {
        validate: (value: unknown, args?: ValidationArguments) =>
          observableProblem(value, args) === undefined,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} ${observableProblem(args?.value, args) ?? 'is not valid'}`,
      },
    },
    validationOptions,
  );
}

/**
 * The field may be left out, but not sent as null (null would mean nothing for it): unlike @IsOptional, a
 * null is validated, and refused.
 */
export function IsOptionalNonNull(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined, validationOptions);
}
