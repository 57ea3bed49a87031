import { IsNotEmpty, IsString, MaxLength, ValidateBy } from 'class-validator';

/**
 * The string has at least one character that is not whitespace (Unicode spaces included). An
 * empty string passes here, so `@IsNotEmpty` alone reports it.
 */
function HasText(): PropertyDecorator {
  return ValidateBy({
    name: 'hasText',
    validator: {
      validate: (v: unknown) => typeof v !== 'string' || v === '' || /\S/u.test(v),
      defaultMessage: (args) => `${args?.property ?? 'value'} must contain text, not only whitespace`,
    },
  });
}

/**
 * Body of `POST /ask` and `POST /ask/stream`. Unknown properties are rejected (400).
 *
 * @example
 * { "question": "I was charged twice for my order" }
 */
export class AskDto {
  @IsString()
  @IsNotEmpty()
  @HasText()
  @MaxLength(2000)
  question!: string;
}
