/**
 * Console output of one run, kept up to a character budget: output is host memory, and a
 * program printing in a loop until its deadline must not fill it.
 */
export class LogBuffer {
  readonly lines: string[] = [];
  private used = 0;
  private full = false;

  constructor(private readonly maxChars: number) {}

  push(line: string): void {
    if (this.full) return;
    const room = this.maxChars - this.used;
    if (line.length <= room) {
      this.lines.push(line);
      this.used += line.length;
      return;
    }
    if (room > 0) this.lines.push(line.slice(0, room));
    this.lines.push(`[console output truncated after ${this.maxChars} characters]`);
    this.full = true;
  }
}
