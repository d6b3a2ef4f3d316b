import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on loopback that keeps what it is sent. */
export class SmtpSink {
  readonly mails: ReceivedMail[] = [];
  /** Connections accepted, whether or not they came to anything. */
  connections = 0;
  /** Messages received whose DATA is not yet answered (see `holdUntil`). */
  private readonly held: (() => void)[] = [];
  private holdFor = 0;
  private readonly server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    logger: false,
    onConnect: (_session, callback) => {
      this.connections++;
      callback();
    },
    onData: (stream, session, callback) => {
      let raw = '';
      stream.on('data', (c: Buffer) => {
        raw += c.toString('utf8');
      });
      stream.on('end', () => {
        this.mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
        });
        this.held.push(() => callback());
        if (this.held.length >= this.holdFor) this.release();
      });
    },
  });

  /**
   * Answers no message's DATA until `waiting` messages are waiting for an answer at once, then answers
   * them all and holds nothing more: proof that that many deliveries were in flight together.
   */
  holdUntil(waiting: number): void {
    this.holdFor = waiting;
  }

  private release() {
    this.holdFor = 0;
    for (const answer of this.held.splice(0)) answer();
  }

  async start(host = '127.0.0.1', port = 0): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(port, host, () => resolve()));
    return (this.server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.release();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
