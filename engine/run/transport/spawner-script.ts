/*
 * The spawner: a small Perl program the engine keeps running and asks to start its
 * commands. Why not child_process.spawn for every step: Node forks its whole process
 * (~25-50 MiB of heap and code) and waits for the child to exec, ~1-1.8 ms per command
 * here and growing with the engine's memory; this program is a few MiB, it forks the
 * next command's process ahead (while the engine handles the last one's end), which waits
 * for the engine's go on a pipe of its own, so only the exec is left once the engine
 * has journaled the start (README "Benchmarks"). Perl because it is part of the base
 * system wherever this product's clusters run (AIX, Solaris, Linux) and can fork, setsid
 * and exec an argv exactly; a POSIX sh can neither make a process group nor say exactly
 * how a command ended. Where perl is missing the engine spawns directly.
 *
 * Protocol, one command at a time; stdin and stdout carry lines, fd 3 the go bytes:
 *   spawner -> engine  "READY 1\n" once, at start
 *   engine -> spawner  "P <id> <bytes>\n" then <bytes> of fields joined by NUL:
 *                      maxOutputBytes, cwd ('' = none), envCount, name, value, ..., argv...
 *                      The waiting process sets itself up and reads one byte from fd 3:
 *   engine -> fd 3     'g': exec it now (its start is journaled), or 'c': cancel it.
 *                      Exactly one byte per P, whatever happens, so no byte is left for the next.
 *   spawner -> engine  "K <id>\n"                it was cancelled; nothing ran
 *                      "F <id> <errno>\n"        it could not be started
 *                      "S <id> <pid> <ticks>\n"  it was exec'd in a new session (pgid = pid);
 *                                                 <ticks>: its start time from /proc/PID/stat, or '-'
 *   engine -> spawner  "A <id>\n"                after '-': the engine read the start time, reap when done
 *   spawner -> engine  "X <id> <code> <sig>\n"   it exited while something still holds its output
 *                      "E <id> <code> <sig> <outBytes> <errBytes> <outCut> <errCut>\n"
 *                      then the kept stdout and stderr bytes; <code> or <sig> is '-'.
 * Output beyond maxOutputBytes per stream is read and dropped (cut = 1), so a command that
 * prints gigabytes neither blocks nor fills memory. Written for perl 5.8 (AIX 6.1) and later.
 */
export const SPAWNER_PROTOCOL_VERSION = 1;

export const SPAWNER_SCRIPT = String.raw`
use strict;
use POSIX ();
use Fcntl ();
binmode(STDIN); binmode(STDOUT);
# The engine's go channel. Close-on-exec: the waiting processes read it, commands never see it.
open(my $GO, '<&=', 3) or exit(4);
fcntl($GO, Fcntl::F_SETFD(), Fcntl::FD_CLOEXEC()) or exit(4);

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
  my ($fh, $want, $raw) = @_;
  my $buf = '';
  while (length($buf) < $want) {
    my $n = $raw ? sysread($fh, $buf, $want - length($buf), length($buf)) : read($fh, $buf, $want - length($buf), length($buf));
    next if !defined($n) && $!{EINTR};
    return undef if !$n;
  }
  return $buf;
}

sub ending {
  my ($status) = @_;
  my $sig = $status & 127;
  return $sig ? "- $sig" : (($status >> 8) . ' -');
}

# A process forked ahead for the next command. It waits for the command on its own pipe,
# sets itself up, then waits for the engine's byte on fd 3 and execs (or reports why not on chk).
sub fork_ahead {
  my ($out_r, $out_w, $err_r, $err_w, $chk_r, $chk_w, $cmd_r, $cmd_w);
  # perl opens pipes close-on-exec: only the dup2'd copies reach the command.
  if (!pipe($out_r, $out_w) || !pipe($err_r, $err_w) || !pipe($chk_r, $chk_w) || !pipe($cmd_r, $cmd_w)) { $::ahead_errno = $! + 0; return undef; }
  my $pid = fork();
  if (!defined($pid)) { $::ahead_errno = $! + 0; return undef; }
  if ($pid == 0) {
    close($out_r); close($err_r); close($chk_r); close($cmd_w);
    # Off the spawner's own output at once: while it waits, it must not keep the engine's pipes open.
    open(STDOUT, '>', '/dev/null'); open(STDERR, '>', '/dev/null');
    my $head = '';
    while (1) { my $c = take($cmd_r, 1, 1); POSIX::_exit(0) if !defined($c); last if $c eq "\n"; $head .= $c; }
    my $body = take($cmd_r, $head, 1);
    POSIX::_exit(0) if !defined($body);
    my ($max, $cwd, $count, @rest) = split(/\0/, $body, -1);
    my @env = splice(@rest, 0, 2 * $count);
    my @argv = @rest;
    my $failed = 0;
    POSIX::setsid();
    if (length($cwd) && !chdir($cwd)) { $failed = $! + 0; }
    while (@env) { my $name = shift(@env); $ENV{$name} = shift(@env); }
    if (!$failed) { open(STDIN, '<', '/dev/null') or $failed = $! + 0; }
    if (!$failed) { defined(POSIX::dup2(fileno($out_w), 1)) or $failed = $! + 0; }
    if (!$failed) { defined(POSIX::dup2(fileno($err_w), 2)) or $failed = $! + 0; }
    my $go = take($GO, 1, 1);
    if (!defined($go) || $go ne 'g') { syswrite($chk_w, 'K'); POSIX::_exit(0); }
    if (!$failed) { exec { $argv[0] } @argv; $failed = $! + 0; }
    syswrite($chk_w, "$failed");
    POSIX::_exit(127);
  }
  close($out_w); close($err_w); close($chk_w); close($cmd_r);
  # Its start time (set by fork, kept by exec) identifies it across pid reuse. Where /proc
  # has it (Linux, field 22) it is read now; elsewhere the engine reads it and says when
  # the process may be reaped.
  my $ticks = '-';
  if (open(my $stat, '<', "/proc/$pid/stat")) {
    my $line = <$stat>;
    close($stat);
    $ticks = $1 if defined($line) && $line =~ /.*\)\s+(?:\S+\s+){19}(\d+)/s;
  }
  return { pid => $pid, ticks => $ticks, out => $out_r, err => $err_r, chk => $chk_r, cmd => $cmd_w };
}

sub run_command {
  my ($id, $child, $max) = @_;
  my $pid = $child->{pid};
  my ($answer, $n) = ('', 0);
  do { $n = sysread($child->{chk}, $answer, 16); } while (!defined($n) && $!{EINTR});
  close($child->{chk});
  if ($n) {
    waitpid($pid, 0); close($child->{out}); close($child->{err});
    put($answer eq 'K' ? "K $id\n" : "F $id $answer\n");
    return;
  }
  put("S $id $pid $child->{ticks}\n");
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

put("READY 1\n");
$::ahead = fork_ahead();
while (defined(my $head = <STDIN>)) {
  exit(2) if $head !~ /^P (\d+) (\d+)\n\z/;
  my ($id, $length) = ($1, $2);
  my $body = take(\*STDIN, $length, 0);
  exit(0) if !defined($body);
  my $child = $::ahead;
  $::ahead = undef;
  if (!$child) {
    # It could not be forked ahead: say why, and still take this command's byte from fd 3.
    my $errno = $::ahead_errno;
    take($GO, 1, 1);
    put("F $id $errno\n");
    $::ahead = fork_ahead();
    next;
  }
  my ($max) = split(/\0/, $body, 2);
  {
    # A process that died waiting has its answer on chk already: no SIGPIPE for that.
    local $SIG{PIPE} = 'IGNORE';
    syswrite($child->{cmd}, length($body) . "\n" . $body);
    close($child->{cmd});
  }
  run_command($id, $child, $max);
  # The next command's process is forked now, while the engine deals with this one's end.
  $::ahead ||= fork_ahead();
}
exit(0);
`;
