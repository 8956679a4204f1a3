import net from "node:net";
import type { AddressInfo } from "node:net";

export type ReceivedMail = { from: string; to: string[]; data: string };

/** A minimal SMTP sink: enough of RFC 5321 for nodemailer to deliver plain messages. */
export class FakeSmtp {
  readonly messages: ReceivedMail[] = [];
  private server = net.createServer((socket) => this.session(socket));
  private stall: { ms: number; started: () => void } | null = null;
  port = 0;

  /** The next message is acknowledged `ms` after it arrived (a slow server); resolves when it has arrived. */
  stallNextMessage(ms: number): Promise<void> {
    return new Promise((started) => (this.stall = { ms, started }));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private session(socket: net.Socket) {
    let buffer = "";
    let inData = false;
    let mail: ReceivedMail = { from: "", to: [], data: "" };
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply("220 fake-smtp ready");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end === -1) return;
          mail.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          this.messages.push(mail);
          mail = { from: "", to: [], data: "" };
          const stall = this.stall;
          this.stall = null;
          if (stall) {
            stall.started();
            setTimeout(() => reply("250 queued"), stall.ms);
          } else {
            reply("250 queued");
          }
          continue;
        }
        const nl = buffer.indexOf("\r\n");
        if (nl === -1) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        switch (verb) {
          case "EHLO":
          case "HELO":
            reply("250 fake-smtp");
            break;
          case "MAIL":
            mail.from = line.slice(10).trim();
            reply("250 ok");
            break;
          case "RCPT":
            mail.to.push(line.slice(8).trim());
            reply("250 ok");
            break;
          case "DATA":
            inData = true;
            reply("354 end with <CRLF>.<CRLF>");
            break;
          case "QUIT":
            reply("221 bye");
            socket.end();
            break;
          case "RSET":
          case "NOOP":
            reply("250 ok");
            break;
          default:
            reply("502 not implemented");
        }
      }
    });
  }
}
