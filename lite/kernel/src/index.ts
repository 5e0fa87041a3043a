// The JupyterLite plugin that registers the Go (littlegrad) kernel: the
// tutorial's cells interpreted in the browser, in a web worker
// (ARCHITECTURE.md, "Zero install").
import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { IKernel, IKernelSpecs } from '@jupyterlite/services';

import { GoKernel } from './kernel';

const plugin: JupyterFrontEndPlugin<void> = {
  id: '@littlegrad/jupyterlite-go-kernel:kernel',
  autoStart: true,
  requires: [IKernelSpecs],
  activate: (app: JupyterFrontEnd, kernelspecs: IKernelSpecs) => {
    kernelspecs.register({
      spec: {
        // The notebooks name this kernel: they open on it as they are.
        name: 'littlegrad',
        display_name: 'Go (littlegrad)',
        language: 'go',
        argv: [],
        resources: { 'logo-32x32': '', 'logo-64x64': '' }
      },
      create: async (options: IKernel.IOptions): Promise<IKernel> => new GoKernel(options)
    });
  }
};

export default [plugin];
