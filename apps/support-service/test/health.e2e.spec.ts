import request from 'supertest';
import { createSupportApp, downLm, supportLm } from './helpers';

describe('GET /health', () => {
  it('is 200 with the model when the LM answers', async () => {
    const app = await createSupportApp({ lm: supportLm() });
    const res = await request(app.getHttpServer()).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      info: { lm: { status: 'up', model: 'dummy', latencyMs: expect.any(Number) } },
    });
    await app.close();
  });

  it('is 503 with the error code when the LM does not answer', async () => {
    const app = await createSupportApp({ lm: downLm() });
    const res = await request(app.getHttpServer()).get('/health');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      status: 'error',
      info: { lm: expect.objectContaining({ status: 'down', model: 'down', error: 'LM_CONNECTION' }) },
    });
    await app.close();
  });
});
