import { inputField, outputField, SignatureSpec, T } from '@dspy-ts/core';

/**
 * SIMBA's `OfferFeedback` signature (`dspy/teleprompt/simba_utils.py`), word for word: the
 * prompt `append_a_rule` sends to compare a better and a worse trajectory of the same example.
 * (Not Refine's `OfferFeedback`, which has other fields and text.)
 *
 * @example
 * const { module_advice } = await new Predict(SIMBA_OFFER_FEEDBACK).call(inputs); // advice per module name
 */
export const SIMBA_OFFER_FEEDBACK = new SignatureSpec({
  name: 'OfferFeedback',
  instructions:
    "You will be given two trajectories of an LLM-driven program's execution. Your goal is to help the program's modules\n" +
    "build up experience on how to maximize the reward value assigned to the program's outputs if it were to receive\n" +
    'similar inputs in the future.\n\n' +
    "The module won't see its own history. It will rely on your advice balancing being concrete and being generalizable.\n\n" +
    'In your advice:\n' +
    "- Avoid boilerplate. Offer advice that would change the module's behavior for the better in the future.\n" +
    "- Ensure that advice offered to a module M is specific to that M's specific sub-task, not the overall program.\n" +
    '- Rely on contrasting the behavior of the worse trajectory against the better trajectory in making recommendations.\n' +
    '- Ensure each unique module name appears exactly once as a key in the advice dictionary.',
  fields: [
    inputField('program_code', T.string, { desc: 'The code of the program that we are analyzing' }),
    inputField('modules_defn', T.string, { desc: 'The definition of each module in the program, including its I/O' }),
    inputField('program_inputs', T.string, { desc: 'The inputs to the program that we are analyzing' }),
    inputField('oracle_metadata', T.string, {
      desc: "Any (hidden) metadata about the training set instance we're analyzing",
    }),
    inputField('worse_program_trajectory', T.string, {
      desc: "The trajectory of the program's execution, showing each module's I/O",
    }),
    inputField('worse_program_outputs', T.string, { desc: 'The outputs of the program that we are analyzing' }),
    inputField('worse_reward_value', T.float, { desc: "The reward value assigned to the program's outputs" }),
    inputField('worse_reward_info', T.string, {
      desc: 'Additional information that might be helpful to understanding the assigned reward value.',
    }),
    inputField('better_program_trajectory', T.string, {
      desc: "The trajectory of the program's execution, showing each module's I/O",
    }),
    inputField('better_program_outputs', T.string, { desc: 'The outputs of the program that we are analyzing' }),
    inputField('better_reward_value', T.float, { desc: "The reward value assigned to the program's outputs" }),
    inputField('better_reward_info', T.string, {
      desc: 'Additional information that might be helpful to understanding the assigned reward value.',
    }),
    inputField('module_names', T.array(T.string), {
      desc: 'The names of the modules in the program, for which we seek advice',
    }),
    outputField('discussion', T.string, { desc: 'Discussing blame of where each module went wrong, if it did' }),
    outputField('module_advice', T.dict(T.string), {
      desc:
        'For each module, describe very concretely: If the module receives ${description of input or patterns ' +
        'therein}, then it should ${description of content, behavior, or strategies to adopt and/or others to avoid}. ' +
        'Basically, your advice be such that if the module has access to your tip, it would be much more likely to act ' +
        'like the successful trajectory rather than the lower-scoring trajectory.',
    }),
  ],
});
