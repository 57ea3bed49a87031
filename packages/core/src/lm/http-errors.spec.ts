import { errorBodyFields } from './http-errors';

describe('errorBodyFields', () => {
  it('reads the usual error bodies', () => {
    expect(errorBodyFields('{"error":{"message":"bad key","code":"invalid_api_key"}}', 401)).toEqual({
      message: 'bad key',
      code: 'invalid_api_key',
    });
    expect(errorBodyFields('{"error":"model \\"x\\" not found"}', 404)).toEqual({ message: 'model "x" not found' });
    expect(errorBodyFields('{"message":"too long","code":"context_length_exceeded"}', 400)).toEqual({
      message: 'too long',
      code: 'context_length_exceeded',
    });
    expect(errorBodyFields('{"detail":"Not Found"}', 404)).toEqual({ message: 'Not Found' });
  });

  it('keeps other text, else the status line', () => {
    expect(errorBodyFields(' upstream timeout \n', 504)).toEqual({ message: 'upstream timeout' });
    expect(errorBodyFields('x'.repeat(600), 500).message).toHaveLength(500);
    expect(errorBodyFields('', 502, 'Bad Gateway')).toEqual({ message: 'Bad Gateway' });
    expect(errorBodyFields('', 502)).toEqual({ message: 'HTTP 502' });
  });
});
