import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/**
 * Body of `POST /ask` and `POST /ask/stream`. Unknown properties are rejected (400).
 *
 * @example
 * { "question": "I was charged twice for my order" }
 */
export class AskDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  question!: string;
}
