import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

/**
 * Body of `POST /chat`. Leave `conversationId` out to start a conversation; send the id the reply
 * gave to continue it.
 *
 * @example
 * { "message": "I was charged twice", "conversationId": "6f1c…" }
 */
export class ChatDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  message!: string;

  @IsOptional()
  @IsUUID()
  conversationId?: string;
}
