// The timer's beeps: a WebAudio beeper, and when to beep (the timer entering its warning period, running out).

/**
 * A short beep through WebAudio. Browsers only allow sound after the user touched the page, so
 * `unlock()` is called from a click (the console's first click, the projector's sound button).
 */
export class Beeper {
  constructor() {
    this.ctx = null;
    this.enabled = false;
  }

  get available() {
    return Boolean(window.AudioContext || window.webkitAudioContext);
  }

  unlock() {
    if (!this.available) return false;
    const Context = window.AudioContext || window.webkitAudioContext;
    this.ctx ||= new Context();
    if (this.ctx.state === "suspended") this.ctx.resume();
    this.enabled = true;
    return true;
  }

  /** kind: "warning" (one short tone) or "end" (two lower tones). */
  beep(kind = "warning") {
    if (!this.enabled || !this.ctx) return;
    const tones = kind === "end" ? [[523, 0], [392, 0.3]] : [[880, 0]];
    for (const [frequency, at] of tones) {
      const osc = this.ctx.createOscillator();
      const gain = this.ctx.createGain();
      osc.type = "sine";
      osc.frequency.value = frequency;
      const start = this.ctx.currentTime + at;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.4, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.25);
      osc.connect(gain).connect(this.ctx.destination);
      osc.start(start);
      osc.stop(start + 0.3);
    }
  }
}

/**
 * Watches a timer and calls `onCross("warning" | "end")` when it crosses into the warning period or runs
 * out while the page is watching (not when the page opens in the middle of it).
 */
export function timerAlarm(onCross) {
  let key = null;
  let last = null;
  return (view) => {
    if (!view) {
      key = null;
      last = null;
      return;
    }
    if (view.key !== key) {
      key = view.key;
      last = view;
      return;
    }
    if (last && !last.warning && !last.over && view.warning) onCross("warning");
    if (last && !last.over && view.over) onCross("end");
    last = view;
  };
}
