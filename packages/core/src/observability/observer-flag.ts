// Set once callbacks are configured anywhere (configure, withSettings, a program's own) and never
// cleared: until then the per-call check is this one boolean plus the tracing check, which keeps
// calls with no observer at the speed they had before observability existed.
let everObserved = false;

export function markObserved(): void {
  everObserved = true;
}

export function observedEver(): boolean {
  return everObserved;
}
