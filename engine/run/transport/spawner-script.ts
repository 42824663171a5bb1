/*
 * The spawner: a small Perl program the engine keeps running and asks to start its
 * commands. Why not child_process.spawn for every step: Node forks its whole process
 * (~25-50 MiB of heap and code) and waits for the child to exec, ~1-1.8 ms per command
 * here and growing with the engine's memory; this program is a few MiB, it forks the
 * next command's process ahead, while the current command runs, and that process reads
 * its command straight from the engine on fd 3, so between two commands only the exec
 * is left once the engine has journaled the start (README "Benchmarks"). Perl because it
 * is part of the base system wherever this product's clusters run (AIX, Solaris, Linux)
 * and can fork, setsid and exec an argv exactly; a POSIX sh can neither make a process
 * group nor say exactly how a command ended. Where perl is missing the engine spawns directly.
 *
 * Protocol, one command at a time; stdout carries lines, stdin the engine's acks, fd 3
 * the commands:
 *   spawner -> engine  "READY 3\n" once, at start
 *   spawner -> engine  "W <pid> <ticks>\n"         a process was forked ahead, in its own session
 *                                                 (pgid = pid): the next command runs as it
 *                      "W - -\n"                   none could be: the spawner takes the next command
 *                                                 itself, and says F. One W comes before each command
 *                                                 is sent, so the engine knows its pid before any exec.
 *   engine -> fd 3     "<bytes>\n" (<bytes> as 10 digits), then <bytes> of fields joined
 *                      by NUL, once its start is journaled and its W has come: id,
 *                      maxOutputBytes, cwd ('' = none), envCount, name, value, ...,
 *                      argv... The process forked ahead
 *                      (the only reader of fd 3 at any time) reads it, sets itself up and
 *                      execs it at once.
 *   spawner -> engine  "F <id> <errno>\n"        it could not be started
 *                      "S <id> <pid> <ticks>\n"  it was exec'd in a new session (pgid = pid);
 *                                                 <ticks>: its start time from /proc/PID/stat, or '-'
 *   engine -> spawner  "A <id>\n"                after '-': the engine read the start time, reap when done
 *   spawner -> engine  "X <id> <code> <sig>\n"   it exited while something still holds its output
 *                      "E <id> <code> <sig> <outBytes> <errBytes> <outCut> <errCut>\n"
 *                      then the kept stdout and stderr bytes; <code> or <sig> is '-'.
 * EOF on fd 3 (the engine retired it, or died) ends the process waiting there, and so the
 * spawner once it has no command running.
 * Output beyond maxOutputBytes per stream is read and dropped (cut = 1), so a command that
 * prints gigabytes neither blocks nor fills memory. Written for perl 5.8 (AIX 6.1) and later.
 */
export const SPAWNER_PROTOCOL_VERSION = 3;

export const SPAWNER_SCRIPT = String.raw`
use strict;
use POSIX ();
use Fcntl ();
binmode(STDIN); binmode(STDOUT);
# The engine's command channel. Close-on-exec: the waiting processes read it, commands never see it.
open(my $COMMANDS, '<&=', 3) or exit(4);
fcntl($COMMANDS, Fcntl::F_SETFD(), Fcntl::FD_CLOEXEC()) or exit(4);

sub put {
  my ($text) = @_;
  my $done = 0;
  while ($done < length($text)) {
    my $n = syswrite(STDOUT, $text, length($text) - $done, $done);
    if (!defined($n)) { next if $!{EINTR}; exit(1); }
    $done += $n;
  }
}

sub take {
  my ($fh, $want) = @_;
  my $buf = '';
  while (length($buf) < $want) {
    my $n = sysread($fh, $buf, $want - length($buf), length($buf));
    next if !defined($n) && $!{EINTR};
    return undef if !$n;
  }
  return $buf;
}

# One command off fd 3, as its fields; undef at EOF. Unbuffered: whoever reads next starts at
# the next command. The head has a fixed width, so it takes one read, not one per digit.
sub take_command {
  my $head = take($COMMANDS, 11);
  return undef if !defined($head) || $head !~ /^(\d{10})\n\z/;
  my $body = take($COMMANDS, $1 + 0);
  return undef if !defined($body);
  return [split(/\0/, $body, -1)];
}

sub ending {
  my ($status) = @_;
  my $sig = $status & 127;
  return $sig ? "- $sig" : (($status >> 8) . ' -');
}

# A process forked ahead for the next command. It waits for the command on fd 3, sets itself
# up and execs, after telling the spawner on chk which command it took (then errno if the exec failed).
sub fork_ahead {
  my ($out_r, $out_w, $err_r, $err_w, $chk_r, $chk_w);
  # perl opens pipes close-on-exec: only the dup2'd copies reach the command.
  if (!pipe($out_r, $out_w) || !pipe($err_r, $err_w) || !pipe($chk_r, $chk_w)) { $::ahead_errno = $! + 0; return undef; }
  my $pid = fork();
  if (!defined($pid)) { $::ahead_errno = $! + 0; return undef; }
  if ($pid == 0) {
    close($out_r); close($err_r); close($chk_r);
    # Off the spawner's own output at once: while it waits, it must not keep the engine's pipes open.
    open(STDOUT, '>', '/dev/null'); open(STDERR, '>', '/dev/null');
    # Its own session before it takes a command: should the spawner die before it reports the
    # start, the engine still knows the group to watch (announced by W).
    POSIX::setsid();
    my $fields = take_command();
    POSIX::_exit(0) if !defined($fields);
    my ($id, $max, $cwd, $count, @rest) = @$fields;
    my @env = splice(@rest, 0, 2 * $count);
    my @argv = @rest;
    my $failed = 0;
    if (length($cwd) && !chdir($cwd)) { $failed = $! + 0; }
    while (@env) { my $name = shift(@env); $ENV{$name} = shift(@env); }
    if (!$failed) { open(STDIN, '<', '/dev/null') or $failed = $! + 0; }
    if (!$failed) { defined(POSIX::dup2(fileno($out_w), 1)) or $failed = $! + 0; }
    if (!$failed) { defined(POSIX::dup2(fileno($err_w), 2)) or $failed = $! + 0; }
    syswrite($chk_w, "$id $max\n");
    if (!$failed) { exec { $argv[0] } @argv; $failed = $! + 0; }
    syswrite($chk_w, "$failed");
    POSIX::_exit(127);
  }
  close($out_w); close($err_w); close($chk_w);
  # Its start time (set by fork, kept by exec) identifies it across pid reuse. Where /proc
  # has it (Linux, field 22) it is read now; elsewhere the engine reads it and says when
  # the process may be reaped.
  my $ticks = '-';
  if (open(my $stat, '<', "/proc/$pid/stat")) {
    my $line = <$stat>;
    close($stat);
    $ticks = $1 if defined($line) && $line =~ /.*\)\s+(?:\S+\s+){19}(\d+)/s;
  }
  put("W $pid $ticks\n");
  return { pid => $pid, ticks => $ticks, out => $out_r, err => $err_r, chk => $chk_r };
}

sub run_command {
  my ($child) = @_;
  my $pid = $child->{pid};
  my ($said, $n) = ('', 0);
  while (1) {
    $n = sysread($child->{chk}, $said, 256, length($said));
    next if !defined($n) && $!{EINTR};
    last if !$n;
  }
  close($child->{chk});
  # Ended without taking a command: fd 3 was closed (retired, or the engine is gone).
  if ($said !~ /^(\d+) (\d+)\n(\d*)\z/) { waitpid($pid, 0); exit(0); }
  my ($id, $max, $errno) = ($1, $2, $3);
  if (length($errno)) {
    waitpid($pid, 0); close($child->{out}); close($child->{err});
    put("F $id $errno\n");
    return;
  }
  put("S $id $pid $child->{ticks}\n");
  # The next command's process is forked now, while this one runs: no fork between two commands.
  $::ahead = fork_ahead();
  if ($child->{ticks} eq '-') {
    my $ack = <STDIN>;
    exit(0) if !defined($ack);
    exit(2) if $ack ne "A $id\n";
  }
  my ($out_r, $err_r) = ($child->{out}, $child->{err});
  my ($ofd, $efd) = (fileno($out_r), fileno($err_r));
  my %fh = ($ofd => $out_r, $efd => $err_r);
  my %kept = ($ofd => '', $efd => '');
  my %cut = ($ofd => 0, $efd => 0);
  my ($status, $reaped) = (0, 0);
  while (%fh) {
    my $want = '';
    vec($want, $_, 1) = 1 for keys(%fh);
    # Until it is reaped, look every 100 ms whether the command exited while a
    # grandchild still holds its output open.
    my $ready = select(my $got = $want, undef, undef, $reaped ? undef : 0.1);
    if ($ready < 0) { next if $!{EINTR}; exit(3); }
    if ($ready == 0) {
      if (waitpid($pid, POSIX::WNOHANG()) == $pid) { $status = $?; $reaped = 1; put("X $id " . ending($status) . "\n"); }
      next;
    }
    for my $fd (keys(%fh)) {
      next if !vec($got, $fd, 1);
      my $chunk;
      my $read = sysread($fh{$fd}, $chunk, 65536);
      if (!defined($read)) { next if $!{EINTR} || $!{EAGAIN}; $read = 0; }
      if ($read == 0) { close($fh{$fd}); delete($fh{$fd}); next; }
      my $room = $max - length($kept{$fd});
      if ($room >= $read) { $kept{$fd} .= $chunk; }
      else { $kept{$fd} .= substr($chunk, 0, $room) if $room > 0; $cut{$fd} = 1; }
    }
  }
  if (!$reaped) {
    while (waitpid($pid, 0) == -1 && $!{EINTR}) {}
    $status = $?;
  }
  my ($out, $err) = ($kept{$ofd}, $kept{$efd});
  put("E $id " . ending($status) . ' ' . length($out) . ' ' . length($err) . " $cut{$ofd} $cut{$efd}\n" . $out . $err);
}

put("READY 3\n");
$::ahead = fork_ahead();
while (1) {
  my $child = $::ahead;
  $::ahead = undef;
  if ($child) {
    run_command($child);
  } else {
    # It could not be forked ahead: take the command off fd 3 here and say why it did not start.
    put("W - -\n");
    my $fields = take_command();
    exit(0) if !defined($fields);
    put("F $fields->[0] $::ahead_errno\n");
  }
  $::ahead ||= fork_ahead();
}
`;
