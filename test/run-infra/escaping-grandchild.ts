/**
 * A shell command whose grandchild escapes into its own session (setsid) holding the
 * command's output open, out of reach of a group kill. The command waits until the
 * grandchild has written its pid, so a short timeout cannot end it before the escape
 * (a 50 ms timeout on a loaded CI machine did, and left no pid file to clean up).
 */
export const escapingGrandchild = (pidFile: string, before = '') =>
  `${before}setsid sh -c 'echo $$ > ${pidFile}; exec sleep 1000' & while [ ! -s ${pidFile} ]; do sleep 0.01; done; sleep 1000`;
