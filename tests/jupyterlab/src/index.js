// JupyterLab's notebook view on a page of its own, for littlegrad's browser
// tests: the notebook named by ?path= opened from the Jupyter server that
// serves this page, the way JupyterLab opens one (the document manager, the
// notebook widget factory, the rendermime registry with JupyterLab's
// sanitizer), with a toolbar that runs JupyterLab's own notebook actions.
// The page puts what the tests inspect on window.lab.

import '@jupyterlab/theme-light-extension/style/theme.css';
import '@jupyterlab/notebook/style/index.js';
import '@jupyterlab/docmanager/style/index.js';
import './index.css';

import { Sanitizer, SessionContextDialogs, Toolbar } from '@jupyterlab/apputils';
import {
  CodeMirrorEditorFactory,
  CodeMirrorMimeTypeService,
  EditorExtensionRegistry,
  EditorLanguageRegistry,
  EditorThemeRegistry
} from '@jupyterlab/codemirror';
import { DocumentManager } from '@jupyterlab/docmanager';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import { createMarkdownParser } from '@jupyterlab/markedparser-extension';
import {
  ExecutionIndicator,
  NotebookActions,
  NotebookModelFactory,
  NotebookPanel,
  NotebookWidgetFactory
} from '@jupyterlab/notebook';
import {
  RenderMimeRegistry,
  standardRendererFactories
} from '@jupyterlab/rendermime';
import {
  ContentsManager,
  KernelManager,
  KernelSpecManager,
  ServerConnection,
  SessionManager
} from '@jupyterlab/services';
import { nullTranslator } from '@jupyterlab/translation';
import {
  clearIcon,
  fastForwardIcon,
  runIcon,
  ToolbarButton
} from '@jupyterlab/ui-components';
import { Signal } from '@lumino/signaling';
import { BoxPanel, Widget } from '@lumino/widgets';

const lab = (window.lab = { ready: false, failed: '' });

// Kernel websockets that ask for no subprotocol. JupyterLab 4 asks for
// v1.kernel.websocket.jupyter.org, which jupyter_server 2 answers and
// Notebook 6.4's server ignores; Chromium then fails the handshake, and
// JupyterLab connects again without it after logging the failure. Asking
// for none from the start gets the JSON protocol Notebook 6.4 speaks.
class JSONProtocolWebSocket extends WebSocket {
  constructor(url) {
    super(url);
  }
}

// The services a notebook needs, and only those: JupyterLab's ServiceManager
// would also open /api/events and poll /api/me, which Notebook 6.4's server
// does not have, and each 404 would be a console error.
function services(token) {
  const serverSettings = ServerConnection.makeSettings({
    baseUrl: location.origin + '/',
    wsUrl: location.origin.replace(/^http/, 'ws') + '/',
    token,
    appendToken: true,
    WebSocket: JSONProtocolWebSocket
  });
  const kernels = new KernelManager({ serverSettings });
  const sessions = new SessionManager({ serverSettings, kernelManager: kernels });
  const kernelspecs = new KernelSpecManager({ serverSettings });
  const contents = new ContentsManager({ serverSettings });
  const manager = {
    serverSettings,
    contents,
    kernels,
    sessions,
    kernelspecs,
    connectionFailure: new Signal({}),
    isDisposed: false,
    dispose() {},
    ready: Promise.all([sessions.ready, kernelspecs.ready]),
    get isReady() {
      return sessions.isReady && kernelspecs.isReady;
    }
  };
  return manager;
}

// The rendermime registry as JupyterLab's rendermime extension makes it.
function rendermime(languages) {
  return new RenderMimeRegistry({
    initialFactories: standardRendererFactories,
    sanitizer: new Sanitizer(),
    markdownParser: createMarkdownParser(languages)
  });
}

function editorServices(translator) {
  const languages = new EditorLanguageRegistry();
  for (const l of EditorLanguageRegistry.getDefaultLanguages(translator)) {
    languages.addLanguage(l);
  }
  const themes = new EditorThemeRegistry();
  for (const t of EditorThemeRegistry.getDefaultThemes(translator)) {
    themes.addTheme(t);
  }
  const extensions = new EditorExtensionRegistry();
  for (const e of EditorExtensionRegistry.getDefaultExtensions({ themes, translator })) {
    extensions.addExtension(e);
  }
  const factory = new CodeMirrorEditorFactory({ extensions, languages, translator });
  return { languages, factory, mimeTypes: new CodeMirrorMimeTypeService(languages) };
}

// The toolbar: JupyterLab's run button, and its menu entries Edit > Clear
// Outputs of All Cells, Run > Run All Cells and Run > Run All Above Selected
// Cell, which call these same notebook actions.
function addToolbar(panel, dialogs, translator) {
  const notebook = panel.content;
  const ctx = panel.sessionContext;
  const button = (name, options) => panel.toolbar.addItem(name, new ToolbarButton(options));
  button('run', {
    icon: runIcon,
    tooltip: 'Run this cell and advance',
    onClick: () => void NotebookActions.runAndAdvance(notebook, ctx, dialogs, translator)
  });
  button('clear-all', {
    icon: clearIcon,
    label: 'Clear Outputs of All Cells',
    tooltip: 'Clear Outputs of All Cells',
    onClick: () => NotebookActions.clearAllOutputs(notebook)
  });
  button('run-all', {
    icon: fastForwardIcon,
    label: 'Run All Cells',
    tooltip: 'Run All Cells',
    onClick: () => void NotebookActions.runAll(notebook, ctx, dialogs, translator)
  });
  button('run-all-above', {
    label: 'Run All Above Selected Cell',
    tooltip: 'Run All Above Selected Cell',
    onClick: () => void NotebookActions.runAllAbove(notebook, ctx, dialogs, translator)
  });
  panel.toolbar.addItem('spacer', Toolbar.createSpacerItem());
  panel.toolbar.addItem('kernel-name', Toolbar.createKernelNameItem(ctx, dialogs, translator));
  panel.toolbar.addItem(
    'execution-progress',
    ExecutionIndicator.createExecutionIndicatorItem(panel, translator)
  );
}

// recordKernel keeps, on lab.kernelLog, what the page saw of its kernel:
// connection and status changes and every message's type, for a test that
// waits on the kernel to say what it waited for; and on lab.kernelInfo the
// id of the kernel once its kernel_info reply has come.
function recordKernel(ctx) {
  const log = (lab.kernelLog = []);
  const note = s => log.push((performance.now() / 1000).toFixed(2) + 's ' + s);
  ctx.kernelChanged.connect((_, { newValue: k }) => {
    if (!k) {
      return;
    }
    note('kernel ' + k.id + ' ' + k.connectionStatus + ' ' + k.status);
    k.info.then(() => {
      note('kernel_info reply');
      lab.kernelInfo = k.id;
    });
    k.connectionStatusChanged.connect((_, s) => note('connection ' + s));
    k.statusChanged.connect((_, s) => note('status ' + s));
    k.anyMessage.connect((_, { msg, direction }) => {
      const state = msg.content && msg.content.execution_state;
      note(direction + ' ' + msg.channel + ' ' + msg.header.msg_type + (state ? ' ' + state : ''));
    });
  });
}

function main() {
  const params = new URLSearchParams(location.search);
  const path = params.get('path');
  const token = params.get('token') || '';
  if (!path) {
    lab.failed = 'say which notebook to open with ?path=NAME.ipynb';
    throw new Error('littlegrad lab page: ' + lab.failed);
  }
  const translator = nullTranslator;
  const manager = services(token);
  const editors = editorServices(translator);
  const dialogs = new SessionContextDialogs({ translator });

  const registry = new DocumentRegistry();
  registry.addModelFactory(new NotebookModelFactory({}));
  registry.addWidgetFactory(
    new NotebookWidgetFactory({
      name: 'Notebook',
      modelName: 'notebook',
      fileTypes: ['notebook'],
      defaultFor: ['notebook'],
      preferKernel: true,
      canStartKernel: true,
      rendermime: rendermime(editors.languages),
      contentFactory: new NotebookPanel.ContentFactory({
        editorFactory: editors.factory.newInlineEditor
      }),
      mimeTypeService: editors.mimeTypes,
      translator
    })
  );

  // The main area, which shows the one document the page opens.
  const area = new BoxPanel();
  area.id = 'main';
  const opened = new Signal(area);
  const docs = new DocumentManager({
    registry,
    manager,
    translator,
    sessionDialogs: dialogs,
    opener: {
      open(widget) {
        if (!widget.isAttached) {
          area.addWidget(widget);
        }
        opened.emit(widget);
      },
      opened
    }
  });
  Widget.attach(area, document.body);
  window.addEventListener('resize', () => area.update());

  const panel = docs.open(path);
  addToolbar(panel, dialogs, translator);
  lab.panel = panel;
  lab.notebook = panel.content;
  recordKernel(panel.sessionContext);
  // The cells whose last run has ended, by model id: JupyterLab's own
  // "*" prompts do not say, as a failing cell clears those of the cells
  // queued after it, which still run.
  lab.ended = new Set();
  NotebookActions.executionScheduled.connect((_, { cell }) => lab.ended.delete(cell.model.id));
  NotebookActions.executed.connect((_, { cell }) => lab.ended.add(cell.model.id));
  panel.context.ready.then(
    () => {
      lab.ready = true;
    },
    reason => {
      lab.failed = String(reason);
      console.error('littlegrad lab page: could not open ' + path + ': ' + reason);
    }
  );
}

main();
