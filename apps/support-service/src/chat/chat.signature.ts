import { History, InputField, OutputField, Signature } from '@dspy-ts/core';

@Signature(
  "You are a warm, empathetic customer-support agent in an ongoing chat. Reply to the customer's latest " +
    'message using only the help-center passages and what was said earlier in the conversation. If the ' +
    'passages do not cover it, say so and offer to connect them with a human agent.',
)
export class ChatReply {
  /** Earlier turns: each `{ message, reply }` becomes a user and an assistant turn of the prompt. */
  @InputField() history!: History;
  @InputField({ desc: 'relevant help-center passages', type: () => [String] }) context!: string[];
  @InputField({ desc: "the customer's latest message" }) message!: string;
  @OutputField({ desc: 'a short, empathetic reply' }) reply!: string;
}
