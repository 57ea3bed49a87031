import { messageText } from '@dspy-ts/core/provider-kit';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DummyLM } from '@dspy-ts/testing';
import { createSupportApp } from './helpers';

// The chatbot keeps the conversation: the second turn's prompt must hold the first turn as a
// user message and an assistant message (DSPy's History format) before the new message.
describe('POST /chat (DummyLM through the container)', () => {
  let app: INestApplication;
  let lm: DummyLM;
  beforeAll(async () => {
    lm = new DummyLM([
      { reply: "I'm sorry about the double charge. The duplicate is refunded automatically." },
      { reply: 'Refunds reach your card within 5 to 10 business days.' },
      { reply: 'Hello! How can I help?' },
    ]);
    app = await createSupportApp({ lm });
  });
  afterAll(() => app.close());

  it('starts a conversation, then continues it with the earlier turn in the prompt', async () => {
    const server = app.getHttpServer();
    const first = await request(server).post('/chat').send({ message: 'I was charged twice for my order' });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      conversationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      reply: "I'm sorry about the double charge. The duplicate is refunded automatically.",
      sources: expect.any(Array),
      turns: 1,
      lmCalls: 1,
      traceId: expect.any(String),
    });
    expect(first.body.sources).toHaveLength(3);

    const second = await request(server)
      .post('/chat')
      .send({ conversationId: first.body.conversationId, message: 'How long does that take?' });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({
      conversationId: first.body.conversationId,
      reply: 'Refunds reach your card within 5 to 10 business days.',
      turns: 2,
    });

    const prompt = lm.history.entries[1]!.messages;
    expect(prompt.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messageText(prompt[0]!)).toContain('1. `history` (History)');
    expect(messageText(prompt[1]!)).toMatch(/^\[\[ ## message ## \]\]\nI was charged twice for my order\n\nRespond/);
    expect(messageText(prompt[1]!)).not.toContain('[[ ## context ## ]]');
    expect(messageText(prompt[2]!)).toBe(
      "[[ ## reply ## ]]\nI'm sorry about the double charge. The duplicate is refunded automatically.\n\n[[ ## completed ## ]]\n",
    );
    expect(messageText(prompt[3]!)).toContain('[[ ## message ## ]]\nHow long does that take?');
    expect(messageText(prompt[3]!)).toContain('[[ ## context ## ]]');

    // A new conversation does not see the other one.
    const other = await request(server).post('/chat').send({ message: 'Hi' });
    expect(other.body.conversationId).not.toBe(first.body.conversationId);
    expect(other.body.turns).toBe(1);
    expect(lm.history.entries[2]!.messages.map((m) => m.role)).toEqual(['system', 'user']);
  });

  it('rejects a malformed conversation id and an empty message (400, no LM call)', async () => {
    const before = lm.history.entries.length;
    await request(app.getHttpServer()).post('/chat').send({ message: 'x', conversationId: 'nope' }).expect(400);
    await request(app.getHttpServer()).post('/chat').send({ message: '' }).expect(400);
    expect(lm.history.entries.length).toBe(before);
  });
});
