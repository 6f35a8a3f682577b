#!/usr/bin/env python3
"""dossier shell driven through a pseudo-terminal, typed as a person types: statements, a
multi-line statement, a syntax error (the shell stays up), Ctrl-C during a long statement on a
generated graph (the shell stays up and says it was cancelled), Ctrl-C while typing, :schema,
the history file, and Ctrl-D. Also: progress goes to standard error when it is a terminal.

    shell_pty_test.py --tool build/release/tools/dossier --data talent-programs.jsonl --work DIR

Exits 77 (CTest: skipped) when pexpect (Debian: python3-pexpect) is not installed.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time

try:
    import pexpect
except ImportError:
    print("pexpect is not installed (Debian: python3-pexpect): the shell's terminal test is skipped")
    sys.exit(77)

PROMPT = "dossier> "
MORE = r"\.\.\.> "


def generated_graph(work, tool, people=2000):
    """A ring of people who know their neighbours, as JSON Lines, imported to a snapshot."""
    jsonl, snapshot = os.path.join(work, "ring.jsonl"), os.path.join(work, "ring.dossier")
    with open(jsonl, "w") as f:
        for i in range(people):
            f.write(json.dumps({"id": f"p{i}", "schema": "Person", "name": f"Person {i}"}) + "\n")
        for i in range(people):
            f.write(json.dumps({"id": f"r{i}", "schema": "Associate", "source": f"p{i}", "target": f"p{(i + 1) % people}"}) + "\n")
    subprocess.run([tool, "import", jsonl, "-o", snapshot, "-q"], check=True)
    return snapshot


def spawn(tool, args, env):
    child = pexpect.spawn(tool, args, env=env, encoding="utf-8", timeout=30, dimensions=(40, 200))
    child.logfile_read = sys.stdout  # the session, in the test's log
    return child


def progress_on_a_terminal(tool, data, env):
    child = spawn(tool, ["stats", data], env)
    child.expect("read .*: 35 entities")  # standard error is the terminal here
    child.expect("35 entities \\(1 of them a source\\)")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, f"stats exited {child.exitstatus}"


def session(tool, graph, env):
    child = spawn(tool, ["shell", graph], env)
    child.expect("2000 entities, 2000 relations")
    child.expect(PROMPT)
    child.sendline("MATCH (p:Person) RETURN count(*) AS n;")
    child.expect(" 2000\r?\n\\(1 row\\)")
    child.expect(PROMPT)
    # A statement over three lines: the prompt says it waits for the rest.
    child.sendline("MATCH (p:Person)")
    child.expect(MORE)
    child.sendline("WHERE p.name = 'Person 7'")
    child.expect(MORE)
    child.sendline("RETURN p.name AS name;")
    child.expect("Person 7")
    child.expect(PROMPT)
    # A syntax error: the message with its caret, and the shell stays up.
    child.sendline("MATCH (n RETURN n;")
    child.expect("expected '\\)'")
    child.expect(PROMPT)
    child.sendline("RETURN 'still up' AS s;")
    child.expect("still up")
    child.expect(PROMPT)
    # Ctrl-C during a long statement cancels it, not the shell.
    child.sendline("MATCH (p:Person) UNWIND range(1, 100000000) AS x RETURN count(*);")
    time.sleep(1.5)
    started = time.monotonic()
    child.sendintr()
    child.expect("cancelled", timeout=15)
    assert time.monotonic() - started < 10, "the statement took too long to stop"
    child.expect(PROMPT)
    child.sendline("RETURN 1 + 1 AS two;")
    child.expect(" 2\r?\n\\(1 row\\)")
    child.expect(PROMPT)
    # Ctrl-C while typing drops the line.
    child.sendline("RETURN 5 AS five")
    child.expect(MORE)
    child.sendintr()
    child.expect(PROMPT)
    child.sendline("RETURN 6 AS six;")
    child.expect("six")
    child.expect(PROMPT)
    assert "five" not in child.before, "the line dropped by Ctrl-C still ran"
    child.sendline(":schema")
    child.expect("Entity types")
    child.expect("Person < LegalEntity[^\n]*2000 in the graph")
    child.expect("associated with \\(Associate\\): Person -- Person")
    child.expect(PROMPT)
    child.sendline(":help")
    child.expect(":min-confidence C")
    child.expect(PROMPT)
    child.sendeof()  # Ctrl-D
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, f"the shell exited {child.exitstatus} after Ctrl-D"


def history(tool, graph, env, file):
    with open(file) as f:
        entries = f.read()
    for entry in ["MATCH (p:Person) RETURN count(*) AS n;", "MATCH (p:Person) WHERE p.name = 'Person 7' RETURN p.name AS name;", ":schema"]:
        assert entry in entries, f"the history file lacks {entry!r}:\n{entries}"
    # The next shell recalls it: up arrow, Enter runs the last statement again.
    child = spawn(tool, ["shell", graph], env)
    child.expect(PROMPT)
    child.send("\x1b[A")
    child.expect(":help")  # the last entry, shown on the line
    child.sendcontrol("u")
    child.send("\x1b[A\x1b[A\r")  # two back: RETURN 6 AS six;
    child.expect(" 6\r?\n\\(1 row\\)")
    child.expect(PROMPT)
    child.sendline(":quit")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, f":quit exited {child.exitstatus}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tool", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--work", required=True)
    a = parser.parse_args()
    shutil.rmtree(a.work, ignore_errors=True)
    os.makedirs(a.work)
    history_file = os.path.join(a.work, "history")
    env = dict(os.environ, DOSSIER_HISTORY=history_file, TERM="dumb", INPUTRC="/dev/null")
    graph = generated_graph(a.work, a.tool)
    progress_on_a_terminal(a.tool, a.data, env)
    session(a.tool, graph, env)
    history(a.tool, graph, env, history_file)
    print("\nshell_pty: all steps passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
