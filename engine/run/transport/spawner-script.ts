/*
 * The spawner: a small Perl program the engine keeps running and asks to start its
 * commands. Why not child_process.spawn for every step: Node forks its whole process
 * (~25-50 MiB of heap and code) and waits for the child to exec, ~1-1.8 ms per command
 * here and growing with the engine's memory; this program is a few MiB. And it forks
 * while the engine makes the step's start record durable: the fork and the fdatasync
 * overlap, the exec waits for both (README "Benchmarks"). Perl because it is part of the
 * base system wherever this product's clusters run (AIX, Solaris, Linux) and can fork,
 * setsid and exec an argv exactly; a POSIX sh can neither make a process group nor say
 * exactly how a command ended. Where perl is missing the engine spawns directly.
 *
 * Protocol, over the spawner's stdin and stdout, one command at a time:
 *   spawner -> engine  "READY 1\n" once, at start
 *   engine -> spawner  "P <id> <bytes>\n" then <bytes> of fields joined by NUL:
 *                       maxOutputBytes, cwd ('' = none), envCount, name, value, ..., argv...
 *                       The spawner forks a child that sets up and waits.
 *   engine -> spawner  "G <id>\n": exec it now (its start is journaled), or "C <id>\n": cancel
 *   spawner -> engine  "K <id>\n"                it was cancelled; nothing ran
 *                       "F <id> <errno>\n"        it could not be started
 *                       "S <id> <pid> <ticks>\n"  it was exec'd in a new session (pgid = pid);
 *                                                 <ticks>: its start time from /proc/PID/stat, or '-'
 *   engine -> spawner  "A <id>\n"                after '-': the engine read the start time, reap when done
 *   spawner -> engine  "X <id> <code> <sig>\n"   it exited while something still holds its output
 *                       "E <id> <code> <sig> <outBytes> <errBytes> <outCut> <errCut>\n"
 *                       then the kept stdout and stderr bytes; <code> or <sig> is '-'.
 * Output beyond maxOutputBytes per stream is read and dropped (cut = 1), so a command that
 * prints gigabytes neither blocks nor fills memory. Written for perl 5.8 (AIX 6.1) and later.
 */
export const SPAWNER_PROTOCOL_VERSION = 1;

export const SPAWNER_SCRIPT = String.raw`
use strict;
use POSIX ();
binmode(STDIN); binmode(STDOUT);

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
  my ($want) = @_;
  my $buf = '';
  while (length($buf) < $want) {
    my $n = read(STDIN, $buf, $want - length($buf), length($buf));
    return undef if !$n;
  }
  return $buf;
}

sub ending {
  my ($status) = @_;
  my $sig = $status & 127;
  return $sig ? "- $sig" : (($status >> 8) . ' -');
}

sub prepare {
  my ($id, $max, $cwd, $count, @rest) = @_;
  my @env = splice(@rest, 0, 2 * $count);
  my @argv = @rest;
  my ($out_r, $out_w, $err_r, $err_w, $chk_r, $chk_w, $go_r, $go_w);
  # perl opens pipes close-on-exec: only the dup2'd copies reach the command.
  if (!pipe($out_r, $out_w) || !pipe($err_r, $err_w) || !pipe($chk_r, $chk_w) || !pipe($go_r, $go_w)) { return ($! + 0); }
  my $pid = fork();
  return ($! + 0) if !defined($pid);
  if ($pid == 0) {
    close($out_r); close($err_r); close($chk_r); close($go_w);
    my $fail = sub { my $errno = $! + 0; syswrite($chk_w, "$errno"); POSIX::_exit(127); };
    POSIX::setsid();
    if (length($cwd) && !chdir($cwd)) { $fail->(); }
    while (@env) { my $name = shift(@env); $ENV{$name} = shift(@env); }
    open(STDIN, '<', '/dev/null') or $fail->();
    defined(POSIX::dup2(fileno($out_w), 1)) or $fail->();
    defined(POSIX::dup2(fileno($err_w), 2)) or $fail->();
    my ($go, $got) = ('', 0);
    do { $got = sysread($go_r, $go, 1); } while (!defined($got) && $!{EINTR});
    POSIX::_exit(0) if !$got;
    exec { $argv[0] } @argv;
    $fail->();
  }
  close($out_w); close($err_w); close($chk_w); close($go_r);
  # Its start time (set by fork, kept by exec) identifies it across pid reuse. Where /proc
  # has it (Linux, field 22) it is read now, while the engine journals; elsewhere the
  # engine reads it and says when the process may be reaped.
  my $ticks = '-';
  if (open(my $stat, '<', "/proc/$pid/stat")) {
    my $line = <$stat>;
    close($stat);
    $ticks = $1 if defined($line) && $line =~ /.*\)\s+(?:\S+\s+){19}(\d+)/s;
  }
  return { pid => $pid, ticks => $ticks, max => $max, out => $out_r, err => $err_r, chk => $chk_r, go => $go_w };
}

sub run_command {
  my ($id, $child) = @_;
  my $pid = $child->{pid};
  {
    # A child whose set-up failed (chdir) has exited and said why on chk: no SIGPIPE for that.
    local $SIG{PIPE} = 'IGNORE';
    syswrite($child->{go}, 'g');
    close($child->{go});
  }
  my ($errno, $n) = ('', 0);
  do { $n = sysread($child->{chk}, $errno, 16); } while (!defined($n) && $!{EINTR});
  close($child->{chk});
  if ($n) {
    waitpid($pid, 0); close($child->{out}); close($child->{err});
    put("F $id $errno\n");
    return;
  }
  my $ticks = $child->{ticks};
  put("S $id $pid $ticks\n");
  if ($ticks eq '-') {
    my $ack = <STDIN>;
    exit(0) if !defined($ack);
    exit(2) if $ack ne "A $id\n";
  }

  my ($out_r, $err_r, $max) = ($child->{out}, $child->{err}, $child->{max});
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
while (defined(my $head = <STDIN>)) {
  exit(2) if $head !~ /^P (\d+) (\d+)\n\z/;
  my ($id, $length) = ($1, $2);
  my $body = take($length);
  exit(0) if !defined($body);
  my $child = prepare($id, split(/\0/, $body, -1));
  my $word = <STDIN>;
  exit(0) if !defined($word);
  if (!ref($child)) { put("F $id $child\n"); next; }
  if ($word eq "G $id\n") { run_command($id, $child); next; }
  exit(2) if $word ne "C $id\n";
  close($child->{go}); close($child->{chk}); close($child->{out}); close($child->{err});
  waitpid($child->{pid}, 0);
  put("K $id\n");
}
exit(0);
`;
