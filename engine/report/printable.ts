/**
 * Text a command printed, made safe for a terminal and for cron's mail: control characters
 * (C0 but tab and newline, DEL, C1) are shown escaped (`\x1b`), so a command's output cannot
 * set the terminal title, move the cursor or clear the screen over a banner.
 */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
