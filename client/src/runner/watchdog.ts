// Time limits and cancellation for the exchanges in progress, with one timer and one abort listener per signal
// for all of them. Setting a timer and an abort listener for each exchange, and removing both when it ended,
// cost 10-20 µs an exchange: a good part of a small one on a kept-open connection.

/** An exchange as the watchdog sees it. */
export interface Watched {
  readonly signal?: AbortSignal;
  /** When (performance.now()) a limit passes unless something happens before: the watchdog looks again then. */
  dueAt(): number;
  /** Ends the exchange if one of its limits has passed by `t`. */
  check(t: number): void;
  /** Ends the exchange: its signal was aborted. */
  cancel(): void;
}

export class Watchdog {
  private readonly watched = new Set<Watched>();
  private readonly signals = new Map<AbortSignal, () => void>();
  private timer: NodeJS.Timeout | undefined;
  private wakeAt = Infinity;

  add(w: Watched): void {
    this.watched.add(w);
    if (w.signal && !this.signals.has(w.signal)) this.listen(w.signal);
    this.wakeBy(w.dueAt());
  }

  /**
   * The timer stays set: the next exchange most likely needs it at about the same time. It does not keep the
   * process alive (an exchange in progress has a socket that does), and when it fires with nothing left to
   * watch, it stops and lets go of the signals.
   */
  delete(w: Watched): void {
    this.watched.delete(w);
  }

  private wakeBy(at: number): void {
    if (this.timer && at >= this.wakeAt) return;
    clearTimeout(this.timer);
    this.wakeAt = at;
    this.timer = setTimeout(() => this.wake(), Math.max(1, at - performance.now()));
    this.timer.unref();
  }

  private wake(): void {
    this.timer = undefined;
    this.wakeAt = Infinity;
    const t = performance.now();
    for (const w of [...this.watched]) w.check(t);
    let next = Infinity;
    const used = new Set<AbortSignal>();
    for (const w of this.watched) {
      next = Math.min(next, w.dueAt());
      if (w.signal) used.add(w.signal);
    }
    for (const [signal, onAbort] of this.signals) if (!used.has(signal)) this.forget(signal, onAbort);
    if (next < Infinity) this.wakeBy(next);
  }

  private listen(signal: AbortSignal): void {
    const onAbort = () => {
      this.forget(signal, onAbort);
      for (const w of [...this.watched]) if (w.signal === signal) w.cancel();
    };
    this.signals.set(signal, onAbort);
    signal.addEventListener('abort', onAbort, { once: true });
  }

  private forget(signal: AbortSignal, onAbort: () => void): void {
    this.signals.delete(signal);
    signal.removeEventListener('abort', onAbort);
  }
}

/** The process's watchdog: every pool's exchanges share it. */
export const watchdog = new Watchdog();
