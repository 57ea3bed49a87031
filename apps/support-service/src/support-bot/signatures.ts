import { InputField, OutputField, Signature } from '@dspy-ts/core';

// Field names are snake_case on purpose: they appear verbatim in prompts and in the compiled
// JSON, which stays compatible with Python DSPy.

@Signature('Rewrite the customer message as a short search query for the help-center knowledge base.')
export class UnderstandQuestion {
  @InputField({ desc: "the customer's message" }) question!: string;
  @OutputField({ desc: 'a few keywords naming the product area and the problem' }) search_query!: string;
}

@Signature(
  'Reply to the customer using only the help-center passages. Be warm and empathetic: acknowledge ' +
    'their situation in one short sentence, then give clear, concrete steps. If the passages do not ' +
    'cover the question, say so and offer to connect them with a human agent.',
)
export class DraftAnswer {
  @InputField({ desc: 'relevant help-center passages', type: () => [String] }) context!: string[];
  @InputField({ desc: "the customer's message" }) question!: string;
  @OutputField({ desc: 'a short, empathetic reply that answers the question' }) answer!: string;
}

@Signature('Judge whether a support reply actually answers the customer question and is supported by the passages.')
export class CheckAnswer {
  @InputField({ desc: 'help-center passages', type: () => [String] }) context!: string[];
  @InputField({ desc: "the customer's message" }) question!: string;
  @InputField({ desc: 'the reply to judge' }) answer!: string;
  @OutputField({ desc: 'true when the reply answers the question' }) answers_question!: boolean;
  @OutputField({ desc: 'what is missing or wrong; empty when nothing is' }) feedback!: string;
}

@Signature(
  'Improve a support reply so it fully answers the customer question, following the feedback. ' +
    'Use only the help-center passages and keep a warm, empathetic tone.',
)
export class RefineAnswer {
  @InputField({ desc: 'help-center passages', type: () => [String] }) context!: string[];
  @InputField({ desc: "the customer's message" }) question!: string;
  @InputField({ desc: 'the reply to improve' }) draft_answer!: string;
  @InputField({ desc: 'what the reply is missing' }) feedback!: string;
  @OutputField({ desc: 'the improved, empathetic reply' }) answer!: string;
}
