import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsWebhookUrl, WEBHOOK_URL_MAX_LENGTH } from './webhook-url.js';

export class CreateWebhookDto {
  @ApiProperty({
    description:
      'Where alerts are POSTed. https is required unless the host is allow-listed (WEBHOOK_ALLOWED_HOSTS), and ' +
      'the host must resolve to public addresses only; no credentials, no fragment. Redirects are never followed.',
    maxLength: WEBHOOK_URL_MAX_LENGTH,
    example: 'https://soc.nctv.example/kiessignaal/webhook',
  })
  @IsWebhookUrl()
  url: string;

  @ApiPropertyOptional({
    description: 'What the endpoint is for, so that it can be recognised later.',
    maxLength: 500,
    example: 'SOC ticketing system',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}
