// A progress bar on stderr, only when stderr is a terminal (pipes and CI logs stay clean).
// Redrawn at most every 100ms so printing never costs more than the sweep.

export function progressBar(total: number): { update(done: number, failing: number): void; finish(): void } {
  const stream = process.stderr;
  if (!stream.isTTY) return { update() {}, finish() {} };
  let lastDraw = 0;
  const draw = (done: number, failing: number) => {
    const width = 30;
    const filled = Math.round((done / Math.max(1, total)) * width);
    stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} seeds · ${failing} failing `);
  };
  return {
    update(done, failing) {
      const now = Date.now();
      if (now - lastDraw < 100 && done < total) return;
      lastDraw = now;
      draw(done, failing);
    },
    finish() {
      stream.write('\r\x1b[K');
    },
  };
}
