import { type ValidationArguments, type ValidationOptions, ValidateBy } from 'class-validator';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function problemOf(value: unknown, options: { min: number; max: number }): string | undefined {
  if (typeof value !== 'string') {
    return 'must be a string';
  }
  // Code points, as PostgreSQL's char_length (and the CHECK constraints) count them.
  const count = [...value].length;
  if (count < options.min || count > options.max) {
    return `must be ${options.min} to ${options.max} characters long (is ${count})`;
  }
  if (options.min > 0 && !/\S/.test(value)) {
    return 'must not be blank';
  }
  // Neither can be stored in jsonb, where timeline events keep what changed.
  if (value.includes('\u0000')) {
    return 'must not contain NUL characters';
  }
  return LONE_SURROGATE.test(value) ? 'must be valid Unicode (it holds a lone surrogate)' : undefined;
}

/**
 * Free text from ministries: stored as received (and escaped on output), but bounded, not blank when
 * required, and storable both as text and inside the timeline's JSON.
 */
export function IsFreeText(
  options: { min: number; max: number },
  validationOptions?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isFreeText',
      constraints: [options],
      validator: {
        validate: (value: unknown) => problemOf(value, options) === undefined,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} ${problemOf(args?.value, options) ?? 'is not valid'}`,
      },
    },
    validationOptions,
  );
}
