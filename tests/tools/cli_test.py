#!/usr/bin/env python3
"""The dossier tool as a person uses it: every subcommand's good and bad usage and exit codes,
where answers and messages go, and one check for each problem issue 16 listed (marked
"issue 16:"), each of which failed on the tool before the fix.

    cli_test.py --tool build/release/tools/dossier --data examples/data/talent-programs.jsonl \
                --work DIR [--demo talent_programs] [--man dossier.1] GROUP...

Each GROUP is registered with CTest as tool.GROUP (tests/CMakeLists.txt); without GROUP, all run.
"""
import argparse
import csv
import difflib
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys

GROUPS = {}
failures = []


def group(fn):
    GROUPS[fn.__name__] = fn
    return fn


def run(args, stdin=None, env=None):
    """Runs the tool; stdin is bytes, or a path whose content is given."""
    if isinstance(stdin, str):
        with open(stdin, "rb") as f:
            stdin = f.read()
    p = subprocess.run([TOOL, *args], input=stdin if stdin is not None else b"", capture_output=True, env=env, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def check(args, rc=0, out=(), err=(), no_out=(), no_err=(), stdin=None, out_empty=False, err_empty=False, why=""):
    """Runs the tool and records every way the answer differs from what is expected."""
    code, o, e = run(args, stdin)
    problems = []
    if code != rc:
        problems.append(f"exit code {code}, expected {rc}")
    problems += [f"standard output lacks {s!r}" for s in ([out] if isinstance(out, str) else out) if s not in o]
    problems += [f"standard error lacks {s!r}" for s in ([err] if isinstance(err, str) else err) if s not in e]
    problems += [f"standard output has {s!r}" for s in ([no_out] if isinstance(no_out, str) else no_out) if s in o]
    problems += [f"standard error has {s!r}" for s in ([no_err] if isinstance(no_err, str) else no_err) if s in e]
    if out_empty and o:
        problems.append("standard output is not empty")
    if err_empty and e:
        problems.append("standard error is not empty")
    if problems:
        failures.append(f"dossier {' '.join(args)}{'  (' + why + ')' if why else ''}:\n    " + "\n    ".join(problems) +
                        f"\n    --- stdout ---\n{o[:2000]}\n    --- stderr ---\n{e[:2000]}")
    return o, e


def expect(condition, what):
    if not condition:
        failures.append(what)


def work(name):
    return os.path.join(WORK, name)


def snapshot():
    """The demo data as a snapshot, made once."""
    path = work("talent.dossier")
    if not os.path.exists(path):
        code, o, e = run(["import", DATA, "-o", path, "-q"])
        if code != 0:
            sys.exit(f"cannot make the snapshot: {e}")
    return path


# ---- every subcommand's good and bad usage ----

@group
def usage():
    check(["--help"], out=["Usage: dossier", "Exit status: 0 success, 1 bad input or no answer, 2 wrong usage."])
    check(["--version"], out=["dossier ", "reads snapshot format versions 1 to"], why="issue 16: there was no --version")
    code, o, e = run(["--version"])
    expect(re.match(r"dossier \d+\.\d+\.\d+\n", o), f"--version's first line names the version: {o!r}")
    check([], rc=2, err="Usage: dossier")
    check(["frobnicate"], rc=2, err="unknown command 'frobnicate'")
    check(["--bogus", "stats", DATA], rc=2, err="unknown option '--bogus'")
    for command, own in [("import", "--output"), ("export", "--from"), ("stats", "GRAPH"), ("show", "NAME"), ("list", "TYPE"),
                         ("resolve", "--limit"), ("linked", "--hops"), ("path", "--k"), ("query", "--param"),
                         ("shell", "--output"), ("dot", "--no-legend"), ("schema", "--ftm")]:
        check([command, "--help"], out=[f"Usage: dossier {command}", own, "Exit status"], no_out="Subcommands:",
              why="issue 16: each subcommand has its own --help")
    # Global options anywhere: before the command and after it.
    check(["-q", "stats", DATA], out="35 entities", why="issue 16: -q before the command was refused")
    check(["stats", DATA, "-q"], out="35 entities")
    check(["--format", "jsonl", "stats", DATA], out="35 entities")
    check(["stats", DATA, "--format=jsonl"], out="35 entities", why="issue 16: --opt=value was not understood")


@group
def import_export():
    out = work("imported.dossier")
    check(["import", DATA, "-o", out], out="saved 35 entities and 39 relations to " + out)
    check(["import", DATA, "--output=" + out], out="saved 35 entities")
    check(["import"], rc=2, err="INPUT is required")
    check(["import", DATA, "-o", out, "extra"], rc=2, err="unexpected argument 'extra'")
    # issue 16: import without -o wrote its snapshot beside the input file. Now it refuses.
    shutil.copy(DATA, work("beside.jsonl"))
    check(["import", work("beside.jsonl")], rc=2, err="give -o OUT.dossier", why="issue 16: import without -o")
    expect(not os.path.exists(work("beside.dossier")), "import without -o wrote beside.dossier")
    # A snapshot through a pipe: import -o - | stats -.
    snap = subprocess.run([TOOL, "import", DATA, "-o", "-", "-q"], capture_output=True).stdout
    check(["stats", "-"], stdin=snap, out="35 entities", why="a snapshot on standard output, then standard input")
    check(["export", snapshot(), "--format", "graphml"], out="<graphml")
    check(["export", snapshot(), "--format=jsonl", "-o", work("back.jsonl")], err="wrote jsonl")
    check(["stats", work("back.jsonl")], out="35 entities (1 of them a source), 39 relations")
    check(["export", snapshot(), "--format", "xml"], rc=2, err="unknown format 'xml'")
    check(["export", snapshot(), "--format", "neo4j-csv"], rc=2, err="give -o DIRECTORY")
    check(["export", snapshot(), "--from", "dot"], rc=2, err="DOT is written, not read")
    check(["dot", snapshot()], out=["digraph", "type=\"Program\""])
    check(["dot", snapshot(), "-o", work("g.dot"), "--no-legend"], out_empty=True)
    expect(os.path.exists(work("g.dot")), "dot -o wrote no file")
    check(["dot", snapshot(), "extra"], rc=2, err="unexpected argument 'extra'")


@group
def describe():
    check(["stats", DATA], out="35 entities (1 of them a source), 39 relations")
    check(["stats", DATA, "extra"], rc=2, err="unexpected argument 'extra'", why="issue 16: stats FILE extra was accepted")
    check(["stats"], rc=2, err="GRAPH is required")
    check(["stats", work("missing.jsonl")], rc=1, err="cannot open for reading")
    check(["show", DATA, "qiming"], out=["Qiming [Program]  id qiming", "aliases:", "Kimming", "signingBonus: 3000000 to 5000000 CNY",
                                        "quote: \"typical signing bonuses", "<-[oversees]- (1)", "-[recruits in]-> (1)"])
    check(["show", DATA, "Kimming"], out="Qiming [Program]", err_empty=True)
    check(["show", DATA, "nobody at all"], rc=1, err="no entity is named 'nobody at all'", out_empty=True)
    check(["show", DATA], rc=2, err="NAME is required")
    check(["list", DATA, "Organization"], out=["Zhejiang University [University]  id zju", "Hangzhou Juki Technology [Company]"])
    check(["list", DATA, "Organisation"], rc=1, err="did you mean Organization?")
    check(["list", DATA, "Place"], rc=1, err="no entity of type Place", out_empty=True)
    check(["list", DATA], rc=2, err="TYPE is required")
    check(["schema"], out=["## Entity types", "| Program | Project |"])
    check(["schema", DATA], out=["Entity types (type < supertypes", "Program < Project", "works for (Employment): Person -> Organization"])
    check(["schema", "--ftm", work("no-model.json")], rc=1, err="cannot open for reading")


@group
def names():
    check(["resolve", DATA, "Thousand Talent Plan"], out="0.97  Thousand Talents Plan [Program]")
    check(["resolve", DATA, "Zhejiang Univ."], out=["Zhejiang University [University]", "ambiguous: Zhejiang University and Zhejiang province"])
    check(["resolve", DATA, "Zhejiang"], out=["Zhejiang province [Government]", "Zhejiang University [University]"],
          why="issue 16: resolve hid the other strong candidates")
    check(["resolve", DATA, "Qiming", "--limit", "0"], rc=2, err="'0' is not a positive integer")
    check(["resolve", DATA, "Xyzzyqq"], rc=1, out_empty=True, err="no entity is named 'Xyzzyqq'",
          why="issue 16: not found went to standard output")
    check(["linked", DATA, "--from", "Program", "--to", "semiconductors"], out=["* Qiming [Program]", "* Kunpeng [Program]",
                                                                               "semiconductor optoelectronic devices -[part of]-> semiconductors"],
          no_err="taken as")
    check(["linked", DATA, "--from", "Program", "--to", "semiconductr"], out="* Qiming [Program]",
          err="--to 'semiconductr' taken as semiconductors [Field]", why="issue 16: linked --to did not say which entity it picked")
    check(["linked", DATA, "--from", "Program", "--to", "semiconductors", "--hops=1"], out="* Qiming [Program]", no_out="Kunpeng")
    check(["linked", DATA, "--from", "Ministry", "--to", "semiconductors", "--hops", "1"],
          rc=1, out_empty=True, err="no Ministry links to semiconductors within 1 hop\n")
    check(["linked", DATA, "--from", "Program", "--to", "semiconductors", "--min-confidence", "0.95"], out="* Kunpeng", no_out="Huoju")
    check(["linked", DATA, "--to", "semiconductors"], rc=2, err="--from is required")
    bad = [(["--min-confidenc", "0.99"], "unknown option '--min-confidenc' (did you mean --min-confidence?)"),
           (["--hops", "-1"], "--hops: '-1' is not a positive integer"),
           (["--hops", "0"], "--hops: '0' is not a positive integer"),
           (["--hops", "3x"], "--hops: '3x' is not a positive integer"),
           (["--min-confidence", "0.5abc"], "--min-confidence: '0.5abc' is not a number from 0 to 1"),
           (["--min-confidence", "1.5"], "--min-confidence: '1.5' is not a number from 0 to 1"),
           (["--as-of", "2019-13"], "--as-of: '2019-13' is not a date")]
    for extra, message in bad:
        check(["linked", DATA, "--from", "Program", "--to", "semiconductors", *extra], rc=2, err=message, out_empty=True,
              why="issue 16: unchecked option values, exit code 2 for wrong usage")
    check(["path", DATA, "Qiming", "MIIT"], out=["path 1 (1 hop)", "Qiming <-[oversees]- Ministry of Industry and Information Technology"])
    check(["path", DATA, "Qiming", "Huoju", "--k=2"], out=["path 1 (1 hop)", "path 2 (2 hops)"])
    for k in ["2.9", "0", "-3"]:
        check(["path", DATA, "Qiming", "MIIT", "--k", k], rc=2, err=f"--k: '{k}' is not a positive integer",
              no_err=["k_shortest_paths", "stol"], why="issue 16: --k 2.9 was read as 2; messages used internal names")
    check(["path", DATA, "Qiming", "China quietly recruits overseas chip talent as US tightens curbs"], rc=1, out_empty=True,
          err="no path between Qiming and")
    check(["path", DATA, "Qiming"], rc=2, err="TO is required")


@group
def input_formats():
    snap = snapshot()
    # issue 16: an empty .dossier file gave "0 entities, 0 relations" and exit code 0.
    open(work("empty.dossier"), "wb").close()
    check(["stats", work("empty.dossier")], rc=1, err="empty file, not a dossier snapshot", out_empty=True)
    # issue 16: a snapshot with a damaged magic number was reported as "not valid JSON".
    data = bytearray(open(snap, "rb").read())
    data[2] ^= 0xFF
    for name in ["damaged.dossier", "damaged"]:
        open(work(name), "wb").write(data)
        check(["stats", work(name)], rc=1, err="not a dossier snapshot (bad magic)", no_err="JSON")
    # issue 16: a snapshot could not be read from standard input.
    check(["stats", "-"], stdin=snap, out="35 entities (1 of them a source), 39 relations")
    check(["stats", "-", "--format", "snapshot"], stdin=snap, out="35 entities")
    check(["stats", "-"], stdin=DATA, out="35 entities")
    # Name and content that disagree are an error, not a guess.
    shutil.copy(snap, work("snapshot.jsonl"))
    check(["stats", work("snapshot.jsonl")], rc=1, err="its name says JSON Lines, but the content is a dossier snapshot; give --format snapshot")
    shutil.copy(DATA, work("jsonl.dossier"))
    check(["stats", work("jsonl.dossier")], rc=1, err="its name says a dossier snapshot, but the content is JSON")
    check(["stats", snap, "--format", "jsonl"], rc=1, err="--format jsonl says JSON Lines, but the content is a dossier snapshot")
    check(["stats", "-", "--format", "snapshot"], stdin=DATA, rc=1, err="but the content is JSON")
    # --format is obeyed over the name; without either, the content decides.
    check(["stats", work("jsonl.dossier"), "--format", "jsonl"], out="35 entities")
    shutil.copy(snap, work("no-extension"))
    check(["stats", work("no-extension")], out="35 entities")
    check(["stats", DATA, "--format", "dot"], rc=2, err="DOT is written, not read")
    # issue 16: a file that starts with a byte-order mark was refused with an invisible character.
    bom = b"\xef\xbb\xbf"
    open(work("bom.jsonl"), "wb").write(bom + open(DATA, "rb").read())
    check(["stats", work("bom.jsonl")], out="35 entities")
    open(work("bom-bad.jsonl"), "wb").write(bom + b'{"broken\n')
    check(["stats", work("bom-bad.jsonl")], rc=1, err="bom-bad.jsonl:1: not valid JSON", no_err="\ufeff")
    open(work("bom-model.json"), "wb").write(bom + b'{"schemata": ')
    check(["schema", "--ftm", work("bom-model.json")], rc=1, err="not valid JSON", no_err="\ufeff")
    # A database directory is read as its latest committed version (the journal fixture).
    database = os.path.join(SOURCE, "tests", "data", "database", "v1")
    check(["stats", database], out="7 entities (1 of them a source), 4 relations")
    check(["query", database, "MATCH (p:Program)-[:recruits_in]->(f) RETURN p.name, f.name"], out="Qiming Program")
    # issue 16: messages carried the JSON parser's internal codes.
    check(["stats", BAD], rc=1, err="bad.jsonl:1: not valid JSON", no_err="json.exception")
    check(["schema", "--ftm", work("bom-model.json")], rc=1, no_err="json.exception")


@group
def conventions():
    # issue 16: progress was printed when standard error is not a terminal (here a pipe).
    check(["stats", DATA], out="35 entities", err_empty=True, why="issue 16: progress on a pipe")
    check(["import", DATA, "-o", work("quiet.dossier")], err_empty=True)
    check(["stats", DATA, "-q"], err_empty=True)
    # Answers on standard output, "not found" on standard error, in every command.
    check(["resolve", DATA, "Xyzzyqq"], rc=1, out_empty=True, err="no entity is named")
    check(["show", DATA, "Xyzzyqq"], rc=1, out_empty=True, err="no entity is named")
    check(["linked", DATA, "--from", "Person", "--to", "Xyzzyqq"], rc=1, out_empty=True, err="no entity is named")


@group
def labels():
    # issue 16: stats showed type names (Employment) where paths show labels (works for).
    check(["stats", DATA], out=["  -[works for]-> 5  (Employment; roles: ", "  -[recruits for]-> 5  (recruits_for)", "  -[oversees]-> 3\n",
                                "  -[linked to]- 5  (UnknownLink; roles: advertised on 2"], no_out="-[Employment]")
    # issue 16: a relation's role property ("advertised on") appeared in no output.
    check(["path", DATA, "Qiming", "Zhihu"], out="Qiming -[linked to]-> Zhihu  (role: advertised on)  [2022 to …]")
    check(["show", DATA, "Chen Biaohua"], out="(role: recruiter)")


@group
def counts():
    # issue 16: the demo said 34 entities and 1 source where stats said 35 entities: the demo
    # counted the source apart. Sources are entities; both now say "35 entities (1 of them a source)".
    o, _ = check(["stats", DATA])
    stats = re.search(r"(\d+) entities \((\d+) of them", o)
    expect(stats, f"stats gives no counts: {o!r}")
    if DEMO and stats:
        demo = subprocess.run([DEMO, DATA, work("demo-out")], capture_output=True, text=True)
        said = re.search(r"Loaded (\d+) entities \((\d+) of them", demo.stdout)
        expect(said and said.groups() == stats.groups(), f"the demo's counts {said and said.groups()} differ from stats' {stats.groups()}")


@group
def query():
    snap = snapshot()
    o, _ = check(["query", snap, "MATCH (p:Program) RETURN p.name AS program, size(p.aliases) AS aliases ORDER BY program"],
                 out=[" program               | aliases", "(4 rows)", " Qiming                |       4"])
    bars = {line.index("|") for line in o.splitlines() if "|" in line}
    expect(len(bars) == 1, f"the table's columns are not aligned:\n{o}")
    check(["query", snap, "MATCH path = (:Program {name: 'Qiming'})-[:recruits_in]->(:Field) RETURN path"],
          out=["Qiming [Program] -[recruits in]-> semiconductors [Field]", "row 1, path:", "quote: \"recruits from scientific"])
    o, _ = check(["query", snap, "MATCH (p:Program {name: 'Qiming'}) RETURN p, p.name AS name", "--output", "json"])
    try:
        rows = json.loads(o)
        expect(len(rows) == 1 and rows[0]["name"] == "Qiming", f"json rows: {rows}")
        node = rows[0]["p"]
        expect(node["labels"] == ["Program"] and node["properties"]["id"] == "qiming" and isinstance(node["id"], int), f"json node: {node}")
    except (ValueError, KeyError, IndexError) as e:
        failures.append(f"query --output json is not the expected JSON ({e}):\n{o}")
    o, _ = check(["query", snap, "MATCH (p:Program)-[r:recruits_in]->(f) RETURN p.name, r, f.name", "--output=jsonl"])
    try:
        lines = [json.loads(line) for line in o.splitlines()]
        expect(len(lines) == 1 and lines[0]["r"]["type"] == "recruits_in" and lines[0]["r"]["citations"][0]["confidence"] == 0.9,
               f"jsonl rows: {lines}")
    except (ValueError, KeyError, IndexError) as e:
        failures.append(f"query --output jsonl is not one JSON object per line ({e}):\n{o}")
    o, _ = check(["query", snap, "MATCH (p:Program) RETURN p.name AS name, p.aliases AS aliases ORDER BY name", "--output", "csv"])
    rows = list(csv.reader(io.StringIO(o)))
    expect(len(rows) == 5 and rows[0] == ["name", "aliases"], f"csv: {rows}")
    # Parameters typed by Cypher's literal syntax.
    check(["query", snap, "RETURN $n + 1 AS m", "--param", "n=3"], out=" m\n---\n 4\n")
    check(["query", snap, "MATCH (p:Program {name: $name}) RETURN p.id", "--param", "name='Qiming'"], out="qiming")
    check(["query", snap, "RETURN $l[1] AS second", "--param", "l=[1, 'two']"], out="two")
    check(["query", snap, "RETURN $n", "--param", "n=Qiming"], rc=2, err="a string needs quotes: --param \"n='Qiming'\"")
    check(["query", snap, "RETURN $n", "--param", "n"], rc=2, err="give name=value")
    check(["query", snap, "RETURN $n", "--param", "n=3x"], rc=2, err="'3x' is not a Cypher value")
    check(["query", snap, "RETURN 1", "--param", "1x=3"], rc=2, err="is not a parameter name")
    # Time and confidence.
    count = "MATCH (:Program)-[r]->() RETURN count(r) AS n"
    check(["query", snap, count], out=" 8\n")
    check(["query", snap, count, "--as-of", "2017"], out=" 4\n")
    check(["query", snap, count, "--min-confidence", "0.95"], out=" 3\n")
    check(["query", snap, count, "--min-confidence", "2"], rc=2, err="not a number from 0 to 1")
    check(["query", snap, "EXPLAIN " + count], out="Match")
    check(["query", snap, "PROFILE " + count], out=["profile:", " rows, "])
    # Bad statements.
    check(["query", snap, "MATCH (n RETURN n"], rc=1, err=["line 1, column 10", "^"])
    check(["query", snap, "MATCH (p:Programme) RETURN p"], rc=1, err="Program")
    check(["query", snap], rc=2, err="STATEMENT is required")
    check(["query", snap, "RETURN 1", "--output", "xml"], rc=2, err="--output")
    # Writes need --write, and then save the snapshot.
    graph = work("written.dossier")
    shutil.copy(snap, graph)
    before = open(graph, "rb").read()
    create = "CREATE (:Program {name: 'Zeta'})"
    check(["query", graph, create], rc=2, err="give --write")
    expect(open(graph, "rb").read() == before, "a refused write changed the snapshot")
    check(["query", graph, create, "--write"], out=["1 node created", "saved " + graph])
    check(["query", graph, "MATCH (p:Program {name: 'Zeta'}) RETURN count(*) AS n"], out=" 1\n")
    check(["query", DATA, create, "--write"], rc=2, err="not one: import it first")
    check(["query", "-", create, "--write"], stdin=snap, rc=2, err="cannot be standard input")


@group
def shell_script():
    snap = snapshot()
    script = work("script.cypher")
    with open(script, "w") as f:
        f.write("MATCH (p:Program)\nRETURN p.name AS name\nORDER BY name;\n"
                ":param n 2\nRETURN $n * 2 AS doubled;\n"
                ":output csv\nRETURN 1 AS a; RETURN 2 AS b;\n"
                "\n"
                "MATCH (n\nRETURN n;\n"
                "RETURN 'never' AS after;\n")
    check(["shell", snap], stdin=script, rc=1, out=["Thousand Talents Plan", "       4", "a\r\n1\r\n", "b\r\n2\r\n"],
          err="line 10, column 1: expected ')'", no_out="never")
    with open(script, "w") as f:
        f.write(":schema\n:asof 2017\nMATCH (:Program)-[r]->() RETURN count(r) AS n;\n:asof off\n"
                "MATCH (:Program)-[r]->() RETURN count(r) AS n;\n:explain MATCH (n) RETURN n\n"
                ":profile MATCH (n) RETURN count(*)\n:min-confidence 0.95\nMATCH (:Program)-[r]->() RETURN count(r) AS n\n")
    check(["shell", snap], stdin=script, out=["Relation types", " 4\n", " 8\n", "profile:", " 3\n"])
    check(["shell", snap], stdin=b"RETURN 1;\n:frobnicate\nRETURN 2;\n", rc=1, err="line 2: unknown command :frobnicate")
    check(["shell", snap], stdin=b"RETURN 1;\n:output xml\n", rc=1, err="line 2: unknown output 'xml'")
    check(["shell", snap], stdin=b":param who Qiming\n", rc=1, err="a string needs quotes: :param who 'Qiming'")
    check(["shell", snap], stdin=b":param who 'Qiming'\n:param\nMATCH (p {name: $who}) RETURN p.id AS id;\n", out=["$who = 'Qiming'", "qiming"])
    # Writes change the graph in memory; :save writes it atomically.
    graph, saved = work("shell.dossier"), work("shell-saved.dossier")
    shutil.copy(snap, graph)
    before = open(graph, "rb").read()
    check(["shell", graph], stdin=b"CREATE (:Program {name: 'Zeta'});\n", err="the changes were not saved")
    expect(open(graph, "rb").read() == before, "the shell saved without :save")
    check(["shell", graph], stdin=f"CREATE (:Program {{name: 'Zeta'}});\n:save {saved}\n".encode(), out="saved 36 entities")
    check(["stats", saved], out="36 entities")
    check(["shell", graph], stdin=b"CREATE (:Program {name: 'Zeta'});\n:save\n", out="saved 36 entities and 39 relations to " + graph)
    check(["stats", graph], out="36 entities")
    check(["shell", DATA], stdin=b":save\n", rc=1, err=":save needs a FILE")
    check(["shell", "-"], rc=2, err="standard input is the shell's")
    check(["shell"], rc=2, err="GRAPH is required")


@group
def readme_session():
    """The README's shell session and command examples, run: the README shows what the tool prints."""
    readme = open(os.path.join(SOURCE, "README.md"), encoding="utf-8").read()
    section = readme.split("## The command-line tool")[1]
    graph = work("readme.dossier")  # the examples write to it
    shutil.copy(snapshot(), graph)
    for line in section.split("```sh\n")[1].split("\n```")[0].splitlines():
        args = shlex.split(line.split("  #")[0])
        check([graph if a == "talent.dossier" else a for a in args[1:]], why="README.md example")
    session = section.split("<!-- shell session:")[1].split("```console\n")[1].split("\n```")[0].splitlines()
    # The command, then the banner (a terminal's only), then what was typed at each prompt and the answers.
    typed = [line[len(p):] for line in session[2:] for p in ("dossier> ", "   ...> ") if line.startswith(p)]
    shown = [line for line in session[2:] if not line.startswith(("dossier> ", "   ...> "))]
    o, _ = check(["shell", DATA], stdin=("\n".join(typed) + "\n").encode(), err_empty=True, why="README.md shell session")
    expect(o.splitlines() == shown, "README.md's shell session differs from the shell's output:\n" +
           "\n".join(difflib.unified_diff(shown, o.splitlines(), "README.md", "dossier shell", lineterm="")))
    expect(re.match(r"dossier \S+ shell: 35 entities, 39 relations\. ", session[1]), f"README.md's banner: {session[1]!r}")


@group
def man():
    if not MAN:
        print("man: help2man was not found at build time; no man page to check")
        return
    expect(os.path.exists(MAN), f"no man page at {MAN}")
    text = open(MAN, encoding="utf-8").read()
    for part in [".TH DOSSIER", "COMMANDS", "linked", "--min-confidence", "Exit status"]:
        expect(part in text, f"the man page lacks {part!r}")


def main():
    global TOOL, DATA, WORK, DEMO, MAN, BAD, SOURCE
    parser = argparse.ArgumentParser()
    parser.add_argument("--tool", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--demo", default="")
    parser.add_argument("--man", default="")
    parser.add_argument("groups", nargs="*")
    a = parser.parse_args()
    TOOL, DATA, DEMO, MAN = a.tool, a.data, a.demo, a.man
    BAD = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bad.jsonl")
    SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    chosen = a.groups or list(GROUPS)
    WORK = os.path.join(a.work, "-".join(chosen) if a.groups else "all")
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    for name in chosen:
        GROUPS[name]()
    for f in failures:
        print("FAIL " + f + "\n")
    print(f"{len(chosen)} groups: {len(failures)} failed checks")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
