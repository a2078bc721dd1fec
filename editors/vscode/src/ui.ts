// Messages to the user. Errors always log the reason too and offer the log.

import * as vscode from "vscode";

const SHOW_LOG = "Show log";

/** Logs `reason` and shows it as an error with a button that opens the log. */
export function showErrorWithLog(channel: vscode.LogOutputChannel, reason: string): void {
  channel.error(reason);
  void vscode.window.showErrorMessage(`planlint: ${reason}`, SHOW_LOG).then((choice) => {
    if (choice === SHOW_LOG) {
      channel.show(true);
    }
  });
}
