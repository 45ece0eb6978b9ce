// A one-line text progress bar on stderr (redrawn in place on a terminal, a line per 10 % otherwise).
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  const width = 30;
  let lastTenth = -1;
  let lastDraw = 0;
  return {
    update(done: number, total: number, detail = "") {
      const share = total > 0 ? Math.min(1, done / total) : 1;
      if (stream.isTTY) {
        const now = Date.now();
        if (share < 1 && now - lastDraw < 100) return;
        lastDraw = now;
        const filled = Math.round(share * width);
        stream.write(`\r${label} [${"█".repeat(filled)}${"░".repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${done}/${total} ${detail}`.padEnd(100).slice(0, 120));
      } else {
        const tenth = Math.floor(share * 10);
        if (tenth === lastTenth) return;
        lastTenth = tenth;
        stream.write(`${label} ${(tenth * 10).toString().padStart(3)}% ${done}/${total} ${detail}\n`);
      }
    },
    end() {
      if (stream.isTTY) stream.write("\n");
    },
  };
}
