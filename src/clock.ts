// The time the rules see. Production reads the system clock; tests move it to check decay.
let source: () => Date = () => new Date();

export const clock = {
  now: (): Date => source(),
  /** Tests only: replace the clock (pass nothing to restore the system clock). */
  set(now?: () => Date) {
    source = now ?? (() => new Date());
  },
};
