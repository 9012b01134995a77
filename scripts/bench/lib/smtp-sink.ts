import { SMTPServer } from "smtp-server";

export interface SmtpSink {
  url: string;
  /** Messages accepted so far. */
  received(): number;
  /** Messages per recipient address (lower-cased): more than 1 is a duplicate delivery. */
  perRecipient: Map<string, number>;
  /** Recipients that got more than one message. */
  duplicates(): number;
  untilReceived(count: number, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A loopback SMTP server for the benches that only counts what it accepts (per recipient too):
 * the receiver is not what is measured.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const perRecipient = new Map<string, number>();
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      stream.on("end", () => {
        count += 1;
        for (const { address } of session.envelope.rcptTo) {
          const to = address.toLowerCase();
          perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
        }
        callback();
      });
      stream.resume();
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => count,
    perRecipient,
    duplicates: () => [...perRecipient.values()].filter((n) => n > 1).length,
    async untilReceived(n, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (count < n) {
        if (Date.now() > deadline) throw new Error(`only ${count} of ${n} emails arrived within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
