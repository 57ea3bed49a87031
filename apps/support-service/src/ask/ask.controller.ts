import type { ServerResponse } from 'node:http';
import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { currentTraceId, logDspyFailure, toHttpError } from '@dspy-ts/nestjs';
import { type AskStreamEvent, SupportService } from '../support-bot/support.service';
import type { AskResponse } from './ask-response';
import { AskDto } from './ask.dto';
import { SseWriter } from './sse-writer';

/**
 * `POST /ask` → JSON `{ answer, sources, refined, usage, traceId }`.
 * `POST /ask/stream` → server-sent events: `status`, `answer` ({ step, text } chunks), `done`
 * (the `/ask` JSON), or `error` ({ statusCode, code, message, retryAfterSeconds? }).
 * A failure before the first answer text is a plain HTTP error (503 / 502), as for `/ask`.
 */
@Controller('ask')
export class AskController {
  constructor(private readonly support: SupportService) {}

  @Post()
  @HttpCode(200)
  ask(@Body() body: AskDto, @Res({ passthrough: true }) res: ServerResponse): Promise<AskResponse> {
    return this.support.ask(body.question, abortOnClose(res));
  }

  @Post('stream')
  async stream(@Body() body: AskDto, @Res() res: ServerResponse): Promise<void> {
    const sse = new SseWriter(res);
    // Status lines are held back until the first answer text: by then an LM has answered, so an
    // LM that is down still gets a 503 instead of a 200 stream that fails.
    const held: AskStreamEvent[] = [];
    try {
      for await (const ev of this.support.stream(body.question, abortOnClose(res))) {
        if (!sse.headersSent && ev.event === 'status') held.push(ev);
        else for (const e of [...held.splice(0), ev]) sse.send(e.event, e.data);
      }
    } catch (err) {
      if (!sse.headersSent) throw err; // DspyExceptionFilter answers it
      const http = toHttpError(err);
      const traceId = currentTraceId();
      logDspyFailure(err, http.statusCode, traceId);
      sse.send('error', { ...http, traceId });
    }
    sse.end();
  }
}

/** Aborted when the client goes away before the answer is complete: stops the LM calls. */
function abortOnClose(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  // 'close' also fires after a normal end; only an unfinished response means the client left.
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}
