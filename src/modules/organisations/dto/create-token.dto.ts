import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';

export class CreateTokenDto {
  @ApiProperty({
    description: 'What the token is for, so that it can be recognised later.',
    example: 'liaison laptop',
  })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({
    description: 'When the token stops working (ISO 8601 with a time zone); it never expires when left out.',
    format: 'date-time',
    example: '2018-04-30T00:00:00+02:00',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  // Without a zone the instant would depend on the server's clock settings.
  @Matches(/(Z|[+-]\d{2}:\d{2})$/, { message: 'expiresAt must end in a time zone: Z or ±hh:mm' })
  expiresAt?: string;
}
