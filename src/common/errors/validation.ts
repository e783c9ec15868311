import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { AppError, type FieldError } from './app-error.js';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Where in a request value a NUL character hides, as a field path; undefined when there is none. */
function nulCharacterAt(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') {
    return value.includes('\u0000') ? path || 'body' : undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const found = nulCharacterAt(item, path ? `${path}.${key}` : key);
      if (found) {
        return found;
      }
    }
  }
  return undefined;
}

/**
 * A DTO class may offer a compiled check for a busy route: it answers the DTO (as class-transformer would
 * build it) when the value is valid, and undefined to let class-validator judge it and word the errors. It
 * must never accept what the class's decorators refuse.
 */
interface WithCompiledCheck {
  compiledCheck(value: unknown): object | undefined;
}

function compiledCheckOf(
  metatype: ArgumentMetadata['metatype'],
): WithCompiledCheck['compiledCheck'] | undefined {
  return (metatype as Partial<WithCompiledCheck> | undefined)?.compiledCheck;
}

/**
 * PostgreSQL cannot store U+0000 in text, and no field of ours has a use for it: it is refused for every
 * field, of every body, query and parameter, before any validator or query sees it.
 */
class KiessignaalValidationPipe extends ValidationPipe {
  constructor(
    options: ConstructorParameters<typeof ValidationPipe>[0],
    private readonly useCompiledChecks: boolean,
  ) {
    super(options);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const field = nulCharacterAt(value, '');
    if (field) {
      throw new AppError(
        'validation_failed',
        `The request is not valid. ${field}: contains a NUL character`,
        {
          errors: [{ field, messages: ['must not contain a NUL character (U+0000)'] }],
        },
      );
    }
    const compiledCheck =
      this.useCompiledChecks && metadata.type === 'body' ? compiledCheckOf(metadata.metatype) : undefined;
    return compiledCheck?.(value) ?? (await super.transform(value, metadata));
  }
}

/**
 * The one global pipe: unknown fields are refused, failures become a 400 that names every bad field.
 * `useCompiledChecks: false` leaves every decision to class-validator (tests compare the two).
 */
export function createValidationPipe({ useCompiledChecks = true } = {}): ValidationPipe {
  return new KiessignaalValidationPipe(
    {
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
      exceptionFactory: (errors) => {
        const fieldErrors = flatten(errors);
        const summary = fieldErrors.map((e) => `${e.field}: ${e.messages.join(', ')}`).join('; ');
        return new AppError('validation_failed', `The request is not valid. ${summary}`.slice(0, 2000), {
          errors: fieldErrors,
        });
      },
    },
    useCompiledChecks,
  );
}
