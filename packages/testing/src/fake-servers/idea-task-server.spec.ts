import { FakeIdeaServer, parseChatRequest } from './idea-task-server';

const system = (instructions: string, outputs: string[]) =>
  `Your input fields are:\n1. \`word\` (str):\nYour output fields are:\n${outputs
    .map((o, i) => `${i + 1}. \`${o}\` (str):`)
    .join(
      '\n',
    )}\nAll interactions will be structured in the following way, with the appropriate values filled in.\n\n` +
  `In adhering to this structure, your objective is: \n        ${instructions.split('\n').join('\n        ')}`;

async function chat(server: FakeIdeaServer, messages: unknown[], extra: Record<string, unknown> = {}) {
  const res = await fetch(`${server.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'fake', messages, ...extra }),
  });
  const body = (await res.json()) as { choices: { message: { content: string } }[] };
  return body.choices.map((c) => c.message.content);
}

describe('FakeIdeaServer', () => {
  let server: FakeIdeaServer;
  afterEach(() => server?.close());

  it('answers the task correctly only when the instructions carry the idea; demos do not help', async () => {
    server = await new FakeIdeaServer().start();
    const user = { role: 'user', content: '[[ ## word ## ]]\nabc\n\nRespond with the corresponding output fields.' };
    const demo = [
      { role: 'user', content: '[[ ## word ## ]]\nxy' },
      { role: 'assistant', content: '[[ ## answer ## ]]\nyx\n\n[[ ## completed ## ]]' },
    ];
    const [plain] = await chat(server, [{ role: 'system', content: system('Answer.', ['answer']) }, ...demo, user]);
    expect(plain).toBe('[[ ## answer ## ]]\nabc\n\n[[ ## completed ## ]]');
    const [idea] = await chat(server, [
      { role: 'system', content: system('Reverse the word.', ['reasoning', 'answer']) },
      user,
    ]);
    expect(idea).toContain('[[ ## answer ## ]]\ncba');
    const [json] = await chat(server, [{ role: 'system', content: system('Reverse it', ['answer']) }, user], {
      response_format: { type: 'json_object' },
    });
    expect(JSON.parse(json!)).toEqual({ answer: 'cba' });
    expect(server.stats).toMatchObject({ taskCalls: 3, taskCorrect: 2 });
  });

  it('classifies optimizer prompts and answers them deterministically, or as onPrompt says', async () => {
    server = await new FakeIdeaServer({
      onPrompt: (p) => (p.kind === 'copro-attempts' ? { proposed_instruction: `scripted ${p.choice}` } : undefined),
    }).start();
    const proposer = (input: string) => [
      { role: 'system', content: system('Optimize.', ['proposed_instruction', 'proposed_prefix_for_output_field']) },
      { role: 'user', content: `[[ ## ${input} ## ]]\nAnswer.\n\nRespond with the corresponding output fields.` },
    ];
    const a = await chat(server, proposer('basic_instruction'), { n: 3 });
    const b = await chat(server, proposer('basic_instruction'), { n: 3 });
    expect(a).toEqual(b);
    expect(a.every((t) => /\[\[ ## proposed_instruction ## \]\]\n\S/.test(t))).toBe(true);
    const scripted = await chat(server, proposer('attempted_instructions'), { n: 2 });
    expect(scripted[1]).toContain('scripted 1');
    const [gepa] = await chat(server, [
      { role: 'user', content: 'I provided an assistant with the following instructions to perform a task for me:' },
    ]);
    expect(gepa).toMatch(/```\n.+\n```/);
    expect(server.stats.byKind).toEqual({ 'copro-basic': 2, 'copro-attempts': 1, 'gepa-reflection': 1 });
  });

  it('parses ChatAdapter prompts', () => {
    const parsed = parseChatRequest({
      messages: [
        { role: 'system', content: system('Line one.\nLine two.', ['answer']) },
        { role: 'user', content: '[[ ## word ## ]]\nhello\n\n[[ ## other ## ]]\nx y\n\nRespond with it.' },
      ],
    });
    expect(parsed).toMatchObject({
      instructions: 'Line one.\nLine two.',
      outputFields: ['answer'],
      inputs: { word: 'hello', other: 'x y' },
    });
  });
});
