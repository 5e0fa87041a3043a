// The kernel: JupyterLite's side of a Go (littlegrad) kernel. It runs each
// cell in a web worker (worker.ts), where the Go module interprets it, and
// publishes what the cell prints and shows as it comes (gathered for a
// tenth of a second at most). Restarting the kernel ends the worker, and
// with it a cell that never ends.
import { PageConfig } from '@jupyterlab/coreutils';
import type { KernelMessage } from '@jupyterlab/services';
import { BaseKernel, IKernel } from '@jupyterlite/services';

import type { IRun, Reply } from './protocol';

type Done = Extract<Reply, { kind: 'done' }>;

export class GoKernel extends BaseKernel {
  private worker: Worker;
  private started: Promise<string>; // "" once the worker is ready, else why not
  private next = 1;
  private waiting = new Map<number, (r: Done) => void>();

  constructor(options: IKernel.IOptions) {
    super(options);
    this.worker = new Worker(new URL('./worker.js', import.meta.url));
    this.started = new Promise(resolve => {
      this.worker.onmessage = (e: MessageEvent<Reply>) => {
        const r = e.data;
        if (r.kind === 'ready') {
          resolve('');
        } else if (r.kind === 'failed') {
          resolve(r.error);
        } else {
          this.fromCell(r);
        }
      };
      this.worker.onerror = e => resolve('the worker failed: ' + e.message);
    });
  }

  dispose(): void {
    if (!this.isDisposed) {
      this.worker.terminate();
    }
    super.dispose();
  }

  private fromCell(r: Exclude<Reply, { kind: 'ready' } | { kind: 'failed' }>): void {
    switch (r.kind) {
      case 'stream':
        this.stream({ name: r.name, text: r.text });
        break;
      case 'display':
        this.displayData({ data: r.data, metadata: {}, transient: {} });
        break;
      case 'done':
        this.waiting.get(r.id)?.(r);
        this.waiting.delete(r.id);
        break;
    }
  }

  async kernelInfoRequest(): Promise<KernelMessage.IInfoReplyMsg['content']> {
    // Not before the worker has loaded everything (its scripts, the Go
    // module, graphviz): until then the page shows the kernel busy, and
    // once it is idle the page needs its server no more.
    await this.started;
    return {
      implementation: 'littlegrad-lite',
      implementation_version: '0.1.0',
      language_info: {
        name: 'go',
        version: '1.26',
        mimetype: 'text/x-go',
        file_extension: '.go',
        codemirror_mode: 'go',
        pygments_lexer: 'go'
      },
      protocol_version: '5.3',
      status: 'ok',
      banner: 'Go (littlegrad), interpreted in your browser',
      help_links: [{ text: 'littlegrad', url: 'https://github.com/littlegrad/littlegrad' }]
    };
  }

  async executeRequest(
    content: KernelMessage.IExecuteRequestMsg['content']
  ): Promise<KernelMessage.IExecuteReplyMsg['content']> {
    const why = await this.started;
    let done: Done;
    if (why !== '') {
      done = { id: 0, kind: 'done', error: { ename: 'kernel', evalue: why, traceback: [why] } };
    } else {
      const id = this.next++;
      const finished = new Promise<Done>(resolve => this.waiting.set(id, resolve));
      const run: IRun = { id, code: content.code };
      this.worker.postMessage(run);
      done = await finished;
    }
    if (done.error) {
      this.publishExecuteError(done.error);
      // JupyterLab sends stop_on_error false for a cell tagged
      // raises-exception, so that Run All goes on past it; but JupyterLite
      // 0.8's kernel client (@jupyterlite/services, lib/kernel/client.js,
      // sendMessage) cancels every queued cell on an execute_reply with
      // status error, whatever stop_on_error said, and answers none of them:
      // they stay queued for good. So the reply to such a cell says ok; its
      // error shows as it does in JupyterLab. TestLiteStopOnErrorGap turns
      // this off (littlegradStopOnErrorGap in the page config) and fails
      // once JupyterLite goes on by itself.
      if (content.stop_on_error === false && PageConfig.getOption('littlegradStopOnErrorGap') !== 'show') {
        return { status: 'ok', execution_count: this.executionCount, user_expressions: {} };
      }
      return { status: 'error', execution_count: this.executionCount, ...done.error };
    }
    return { status: 'ok', execution_count: this.executionCount, user_expressions: {} };
  }

  async completeRequest(
    content: KernelMessage.ICompleteRequestMsg['content']
  ): Promise<KernelMessage.ICompleteReplyMsg['content']> {
    return { status: 'ok', matches: [], cursor_start: content.cursor_pos, cursor_end: content.cursor_pos, metadata: {} };
  }

  async inspectRequest(
    content: KernelMessage.IInspectRequestMsg['content']
  ): Promise<KernelMessage.IInspectReplyMsg['content']> {
    return { status: 'ok', found: false, data: {}, metadata: {} };
  }

  async isCompleteRequest(
    content: KernelMessage.IIsCompleteRequestMsg['content']
  ): Promise<KernelMessage.IIsCompleteReplyMsg['content']> {
    return { status: 'unknown' };
  }

  async commInfoRequest(
    content: KernelMessage.ICommInfoRequestMsg['content']
  ): Promise<KernelMessage.ICommInfoReplyMsg['content']> {
    return { status: 'ok', comms: {} };
  }

  inputReply(content: KernelMessage.IInputReplyMsg['content']): void {}
  async commOpen(msg: KernelMessage.ICommOpenMsg): Promise<void> {}
  async commMsg(msg: KernelMessage.ICommMsgMsg): Promise<void> {}
  async commClose(msg: KernelMessage.ICommCloseMsg): Promise<void> {}
}
