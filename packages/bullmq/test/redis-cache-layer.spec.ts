// Real redis-server; two LmCache instances stand for two machines sharing one Redis.
import { LmCache, type LmResponse } from '@dspy-ts/core';
import { RedisCacheLayer } from '../src';
import { startRedis, type RedisProcess } from './support/redis-server';
import { Redis } from 'ioredis';

const response: LmResponse = {
  model: 'm',
  outputs: [{ text: 'Paris' }],
  usage: { promptTokens: 3, completionTokens: 1, totalTokens: 4 },
};

describe('RedisCacheLayer', () => {
  let redis: RedisProcess;
  const layers: RedisCacheLayer[] = [];
  beforeAll(async () => {
    redis = await startRedis({ password: 's3cr:et' });
  });
  afterAll(async () => {
    await Promise.all(layers.map((l) => l.close()));
    await redis.stop();
  });
  const layer = (prefix = 't1:') => {
    const l = new RedisCacheLayer({ connection: redis.url, prefix });
    layers.push(l);
    return l;
  };

  it('shares a response written on one machine with another (memory and disk off), with a password in the URL', async () => {
    const a = new LmCache({ memory: false, disk: false, remote: layer() });
    const b = new LmCache({ memory: false, disk: false, remote: layer() });
    a.set('k1', response);
    await new Promise((r) => setTimeout(r, 50));
    expect(b.get('k1')).toBeUndefined(); // no local level
    expect(await b.getRemote('k1')).toEqual(response);
  });

  it('copies a remote hit into the local levels', async () => {
    const a = new LmCache({ memory: false, disk: false, remote: layer('t2:') });
    a.set('k2', response);
    await new Promise((r) => setTimeout(r, 50));
    const b = new LmCache({ disk: false, remote: layer('t2:') });
    await b.getRemote('k2');
    expect(b.get('k2')).toEqual(response);
  });

  it('reads a corrupt entry as a miss and deletes it', async () => {
    const raw = new Redis(redis.url);
    await raw.set('t3:bad', '{not json');
    const cache = new LmCache({ memory: false, disk: false, remote: layer('t3:') });
    expect(await cache.getRemote('bad')).toBeUndefined();
    await new Promise((r) => setTimeout(r, 50));
    expect(await raw.get('t3:bad')).toBeNull();
    await raw.set('t3:wrong-shape', JSON.stringify({ model: 1 }));
    expect(await cache.getRemote('wrong-shape')).toBeUndefined();
    raw.disconnect();
  });

  it('turns an unreachable Redis into misses, quickly', async () => {
    const dead = new RedisCacheLayer({ connection: 'redis://127.0.0.1:1', timeoutMs: 200 });
    layers.push(dead);
    const cache = new LmCache({ memory: false, disk: false, remote: dead });
    const t0 = Date.now();
    expect(await cache.getRemote('k')).toBeUndefined();
    cache.set('k', response); // never throws
    expect(Date.now() - t0).toBeLessThan(1_000);
  });
});
