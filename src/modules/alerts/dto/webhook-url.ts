import { registerDecorator, type ValidationOptions } from 'class-validator';

export const WEBHOOK_URL_MAX_LENGTH = 2048;

/** Why a text is not a usable webhook URL, judged on its form alone; undefined when it is one. */
export function webhookUrlProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return 'must be a string';
  }
  if (value.length > WEBHOOK_URL_MAX_LENGTH) {
    return `must be at most ${WEBHOOK_URL_MAX_LENGTH} characters`;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return 'must be an https:// (or, for allow-listed hosts, http://) URL';
  }
  // Credentials in a URL end up in logs and in the list answer; receivers authenticate us by the signature.
  if (url.username !== '' || url.password !== '') {
    return 'must not contain credentials (user:password@)';
  }
  if (url.hash !== '') {
    return 'must not contain a fragment (#…): it is never sent';
  }
  return undefined;
}

/** The form of a webhook URL; where it may point (https, public addresses) is the service's decision. */
export function IsWebhookUrl(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isWebhookUrl',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => webhookUrlProblem(value) === undefined,
        defaultMessage: (args) =>
          `${args?.property ?? 'url'} ${webhookUrlProblem(args?.value) ?? 'is not valid'}`,
      },
    });
}
