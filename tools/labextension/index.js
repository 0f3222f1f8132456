// Kerja Sama Sosial ASEAN: run cells only once the notebook's kernel exists.
//
// JupyterLab clears a cell's outputs and runs nothing when a cell is run
// before the notebook's session has a kernel (jupyterlab/jupyterlab#8490).
// A student who presses Run All while the lesson is still starting would be
// left with a blank lesson. This plugin wraps the public run actions of
// NotebookActions (used by the menus, the toolbar and the shortcuts): while
// the kernel is not there yet they first wait for the session to be ready,
// then run as usual. Nothing else changes.
import { NotebookActions } from '@jupyterlab/notebook';

const RUN_ACTIONS = ['run', 'runAndAdvance', 'runAndInsert', 'runAll', 'runAllAbove', 'runAllBelow', 'runCells'];
const WAITING_CLASS = 'kssa-waiting-for-kernel';

// The session context among an action's arguments: second for most actions,
// third for runCells(notebook, cells, sessionContext, ...).
function sessionContextOf(args) {
  return args.find(arg => arg && typeof arg === 'object' && 'isReady' in arg && arg.ready && typeof arg.ready.then === 'function');
}

function waitForKernel(notebook, sessionContext) {
  if (!sessionContext || sessionContext.isDisposed || (sessionContext.session && sessionContext.session.kernel)) {
    return Promise.resolve();
  }
  const node = notebook && notebook.node;
  if (node) {
    node.classList.add(WAITING_CLASS);
  }
  return sessionContext.ready.catch(() => undefined).then(() => {
    if (node) {
      node.classList.remove(WAITING_CLASS);
    }
  });
}

const plugin = {
  id: 'kssa-wait-for-kernel:plugin',
  description: 'Waits for the kernel before running cells (no blank lesson after an early Run All).',
  autoStart: true,
  activate: () => {
    for (const name of RUN_ACTIONS) {
      const original = NotebookActions[name];
      if (typeof original !== 'function' || original.kssaWaits) {
        continue;
      }
      const wrapped = function (...args) {
        return waitForKernel(args[0], sessionContextOf(args)).then(() => original.apply(this, args));
      };
      wrapped.kssaWaits = true;
      NotebookActions[name] = wrapped;
    }
  }
};

export default plugin;
