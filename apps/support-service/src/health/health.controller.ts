import type { ServerResponse } from 'node:http';
import { Controller, Get, Res } from '@nestjs/common';
import { DspyHealthIndicator, type DspyHealthResult } from '@dspy-ts/nestjs';

/**
 * `GET /health` → 200 `{ status: 'ok', info: { lm: { status: 'up', model, latencyMs } } }`, or
 * 503 with `status: 'error'` when the LM does not answer (the shape @nestjs/terminus uses).
 */
@Controller('health')
export class HealthController {
  constructor(private readonly health: DspyHealthIndicator) {}

  @Get()
  async check(
    @Res({ passthrough: true }) res: ServerResponse,
  ): Promise<{ status: 'ok' | 'error'; info: DspyHealthResult }> {
    const info = await this.health.check('lm');
    const up = info.lm!.status === 'up';
    res.statusCode = up ? 200 : 503;
    return { status: up ? 'ok' : 'error', info };
  }
}
