const pino = require("pino");
const log = pino();

async function poll(taskId) {
  const res = await fetch(`https://api.vibepeak.ai/v1/tasks/${taskId}`, {
    headers: { Authorization: `Bearer ${process.env.VIBEPEAK_API_KEY}` },
  });
  log.info({ taskId, status: res.status }, "polled");
}

module.exports = { poll };
