#!/usr/bin/python3
"""Mutation fuzzer for every kind of greenfab input (docs/fuzzing.md).

Each input is one seed file of the repository (model, experiment, pathway study, intervention, data file, or a
--set value) copied with everything it references into a fresh temporary tree, mutated in place (bytes, lines,
values, numbers, units, YAML structure, encoding, or the file replaced by a FIFO, device node, symlink loop,
directory, huge file...), then run through the command that reads it:

  model         greenfab check MODEL            (and a fraction: greenfab run MODEL on a 2 h horizon)
  data file     greenfab check MODEL-THAT-READS-IT
  set value     greenfab check MODEL --set KEY=MUTATED  (and a fraction: run)
  experiment    greenfab sweep EXP -j 1 -o out.h5      until it has loaded and planned ("... tasks on N workers")
  pathway       greenfab pathway STUDY -j 1 -o out.h5  likewise
  intervention  greenfab pathway on a study using it, likewise

An input fails on: a signal or a sanitizer report, a hang (--timeout), exit 1 (internal error), exit 2 without a
location (file:line, or the --set / file named), peak memory above --mem-mb, an output file left after a failure,
an error line longer than --max-line (echoed file contents), or a file with NUL bytes / UTF-16 / invalid UTF-8
accepted. Failing inputs are saved under --keep-findings with a one-line reproduction command.

Deterministic: input number i is generated from random.Random("SEED:i") only, whatever --jobs is, so
`--seed S --only i` reproduces input i. Stdlib only.
"""
import argparse
import faulthandler
import multiprocessing
import os
import re
import resource
import select
import shutil
import signal
import stat
import sys
import tempfile
import time
import random

# ---------------------------------------------------------------------------------------------------- corpus

#: (kind, seed file, command template). {f} is the seed file, {m} a model reading it; commands run in the tree root.
SITE_MODEL = "models/industrial/pump_factory.yaml"      # has site: (climate, grid, carriers) and transport
TRANSPORT_MODEL = "models/industrial/truck_parts_line.yaml"
PATHWAY_STUDY = "tests/fuzz/seeds/catalogue_study.yaml"  # the built-in intervention catalogue, 6 models
#: the shipped studies plan 50-260 models (seconds to tens of seconds) before their first task: not in CI's corpus
SLOW_SEEDS = {"experiments/pump_factory_pathway.yaml", "experiments/truck_parts_pathway.yaml"}

#: --set values to mutate, as key=value (the value is mutated, sometimes the key)
SET_SEEDS = [
    "run.horizon=1 w", "run.warmup=1 d", "run.replications=2", "run.seed=7", "run.start=2025-01-06 06:00",
    "stations[0].machines=3", "stations[0].process=exp(4 min)", "stations[0].process=gamma(4 min, 2 min)",
    "stations[0].process=lognormal(4 min, 1 min)", "release.interarrival=exp(5 min)", "release.wip_cap=10",
    "release.policy=conwip", "stations[0].failures={between: exp(8 h), repair: exp(20 min)}",
    "stations[0].buffer=5", "products[0].lot_size=10", "site.grid=SE3", "site.location=umea",
]
SET_MODELS = ["models/teaching/mm1.yaml", "models/teaching/three_station_line.yaml",
              "models/teaching/bottleneck_line.yaml", SITE_MODEL]

#: share of the inputs per seed kind (a pathway input costs several checks: it loads and plans every model)
KIND_WEIGHTS = {"model": 36, "set": 20, "data": 16, "experiment": 16, "pathway": 5, "intervention": 7}

#: copied into every tree (the seeds reference each other by relative path)
TREE_DIRS = ["models", "experiments", "tests/data", "tests/fuzz/seeds", "tests/bad_models", "tests/bad_experiments", "tests/bad_pathways"]


def build_corpus(source, slow=False):
    def files(pattern_dir, suffix=".yaml", recursive=False):
        base = os.path.join(source, pattern_dir)
        out = []
        for root, dirs, names in os.walk(base):
            dirs.sort()
            for n in sorted(names):
                if n.endswith(suffix):
                    out.append(os.path.relpath(os.path.join(root, n), source))
            if not recursive:
                break
        return out

    corpus = []
    for f in files("models/industrial") + files("models/teaching") + files("tests/bad_models") + \
            ["tests/data/pathway_study/model.yaml", "tests/data/pathway_study/flat.yaml"]:
        corpus.append(("model", f, f))
    for f in files("experiments") + files("tests/bad_experiments") + files("tests/bad_pathways") + \
            files("tests/data") + ["tests/data/pathway_study/study.yaml", PATHWAY_STUDY]:
        if f in SLOW_SEEDS and not slow:
            continue
        try:
            with open(os.path.join(source, f), encoding="utf-8") as fh:
                text = fh.read()
        except (OSError, UnicodeError):
            continue
        kind = "pathway" if re.search(r"^(roadmaps|target_year|base_year):", text, re.M) else "experiment"
        if os.path.basename(f).startswith(("mpi_",)):
            continue
        corpus.append((kind, f, f))
    for f in files("models/interventions"):
        corpus.append(("intervention", f, PATHWAY_STUDY))
    for f in files("tests/data/pathway_study/iv"):
        corpus.append(("intervention", f, "tests/data/pathway_study/study.yaml"))
    # data files: each with a model that reads it (climate and grid zones chosen by --set)
    for f in files("models/data/climate"):
        corpus.append(("data", f, SITE_MODEL, "site.location=" + os.path.basename(f)[:-5]))
    for f in files("models/data/grid"):
        corpus.append(("data", f, SITE_MODEL, "site.grid=" + os.path.basename(f)[:-5]))
    corpus.append(("data", "models/data/carriers.yaml", SITE_MODEL))
    corpus.append(("data", "models/data/vehicles.yaml", TRANSPORT_MODEL))
    for f in files("models/data", ".csv", recursive=True):
        corpus.append(("data", f, SITE_MODEL))
    for s in SET_SEEDS:
        for m in SET_MODELS:
            corpus.append(("set", s, m))
    return [c if len(c) == 4 else c + (None,) for c in corpus]


# ------------------------------------------------------------------------------------------------- mutations

EXTREMES = ["0", "-1", "1e308", "1e-300", "nan", "2147483647", "-0", "-2147483648", "9223372036854775807",
            "inf", "-inf", "1e309", "0x7fffffff", "4294967296", "-1e308", ".inf", "1e-320"]
UNITS = ["s", "min", "h", "d", "w", "a", "ms", "%", "kWh", "kW", "W", "MWh", "EUR", "kEUR", "kg", "t", "km",
         "%/a", "EUR/kWh", "kg/kWh", "m3", "l", "bar", "degC", "K", "parts/h", "xyz", "", "min min", "/h", "h^2"]
NUM_RE = re.compile(rb"(?<![\w.])-?\d+(\.\d+)?([eE][-+]?\d+)?(?![\w.])")
UNIT_RE = re.compile(rb"(?<=\d) ?(min|h|s|d|w|a|ms|%|kWh|MWh|kW|W|EUR|kEUR|kg|t|km|l)\b")
# possessive quantifiers (Python 3.11): lines of 6000 blanks after deep nesting must not backtrack quadratically
KV_RE = re.compile(rb"^(\s*+-?\s*+[\w.\[\]]++\s*+:\s*+)(\S.*)$")


def lines_of(data):
    return data.split(b"\n")


def m_byte_flip(r, data, ctx):
    b = bytearray(data)
    for _ in range(r.randint(1, 4)):
        if b:
            i = r.randrange(len(b))
            b[i] ^= 1 << r.randrange(8)
    return bytes(b)


def m_byte_set(r, data, ctx):
    b = bytearray(data)
    if b:
        b[r.randrange(len(b))] = r.choice(b":-[]{}&*!|>'\"%@`#,?\n\t \\")
    return bytes(b)


def m_delete_lines(r, data, ctx):
    ls = lines_of(data)
    i = r.randrange(len(ls))
    del ls[i:i + r.choice([1, 1, 2, 5])]
    return b"\n".join(ls)


def m_duplicate_line(r, data, ctx):     # also makes duplicate keys
    ls = lines_of(data)
    i = r.randrange(len(ls))
    ls[i:i] = [ls[i]] * r.choice([1, 1, 2, 50])
    return b"\n".join(ls)


def m_swap_lines(r, data, ctx):
    ls = lines_of(data)
    i, j = r.randrange(len(ls)), r.randrange(len(ls))
    ls[i], ls[j] = ls[j], ls[i]
    return b"\n".join(ls)


def m_swap_values(r, data, ctx):
    ls = lines_of(data)
    kv = [i for i, l in enumerate(ls) if KV_RE.match(l)]
    if len(kv) < 2:
        return m_byte_flip(r, data, ctx)
    i, j = r.sample(kv, 2)
    a, b = KV_RE.match(ls[i]), KV_RE.match(ls[j])
    ls[i], ls[j] = a.group(1) + b.group(2), b.group(1) + a.group(2)
    return b"\n".join(ls)


def m_number_extreme(r, data, ctx):
    nums = list(NUM_RE.finditer(data))
    if not nums:
        return m_byte_flip(r, data, ctx)
    m = r.choice(nums)
    return data[:m.start()] + r.choice(EXTREMES).encode() + data[m.end():]


def m_all_numbers_extreme(r, data, ctx):
    """Every number replaced by the same extreme: gamma(1e308 s, 1e308 s), exp(1e-300 s), 2147483647 replications."""
    x = r.choice(EXTREMES).encode()
    out = NUM_RE.sub(lambda m: x, data)
    return out if out != data else m_number_extreme(r, data, ctx)


def m_unit_change(r, data, ctx):
    units = list(UNIT_RE.finditer(data))
    if not units:
        return m_number_extreme(r, data, ctx)
    m = r.choice(units)
    return data[:m.start()] + b" " + r.choice(UNITS).encode() + data[m.end():]


def m_self_alias(r, data, ctx):
    """key: &a [*a] or {k: *a}: an alias inside its own anchor."""
    ls = lines_of(data)
    kv = [i for i, l in enumerate(ls) if KV_RE.match(l)]
    form = r.choice([b"&fz [*fz]", b"&fz {k: *fz}", b"&fz [1, [2, *fz]]", b"&fz\n" + b"  - *fz"])
    if not kv:
        return data + b"\nx: " + form + b"\n"
    i = r.choice(kv)
    ls[i] = KV_RE.match(ls[i]).group(1) + form
    return b"\n".join(ls)


def m_alias_bomb(r, data, ctx):
    """Billion laughs: 9 levels x 10 aliases, as a value of an existing key (or a new top-level key)."""
    depth, width = r.choice([(9, 10), (12, 8), (6, 30)])
    bomb = [b"fz0: &fz0 [" + b",".join([b"lol"] * width) + b"]"]
    for k in range(1, depth):
        bomb.append(b"fz%d: &fz%d [" % (k, k) + b",".join([b"*fz%d" % (k - 1)] * width) + b"]")
    ls = lines_of(data)
    kv = [i for i, l in enumerate(ls) if KV_RE.match(l) and not l.startswith((b" ", b"-"))]
    if kv and r.random() < 0.5:
        # anchors defined in a new first top-level key, used as the value of an existing one
        i = r.choice(kv)
        ls[i] = KV_RE.match(ls[i]).group(1) + b"*fz%d" % (depth - 1)
        head = b"x_fuzz: [" + b", ".join(bl.split(b": ", 1)[1] for bl in bomb) + b"]"
        return head + b"\n" + b"\n".join(ls)
    return b"\n".join(bomb) + b"\n" + data


def m_deep_nesting(r, data, ctx):
    n = r.choice([100, 1000, 10000, 100000])
    form = r.choice(["flow_seq", "flow_map", "block"])
    if form == "flow_seq":
        v = b"[" * n + b"1" + b"]" * n
    elif form == "flow_map":
        v = b"{a: " * n + b"1" + b"}" * n
    else:
        n = min(n, 3000)
        v = b"\n" + b"".join(b"  " * (k + 1) + b"a:\n" for k in range(n)) + b"  " * (n + 1) + b"b: 1"
    ls = lines_of(data)
    kv = [i for i, l in enumerate(ls) if KV_RE.match(l)]
    if not kv:
        return data + b"\nx: " + v
    i = r.choice(kv)
    ls[i] = KV_RE.match(ls[i]).group(1) + v
    return b"\n".join(ls)


def m_tabs(r, data, ctx):
    ls = lines_of(data)
    idx = [i for i, l in enumerate(ls) if l.startswith(b"  ")]
    for i in r.sample(idx, min(len(idx), r.choice([1, 3, len(idx) or 1]))):
        ls[i] = b"\t" + ls[i][2:]
    return b"\n".join(ls)


def m_long_string(r, data, ctx):
    n = r.choice([500, 5000, 100000, 2000000])
    filler = r.choice([b"A", b"ab ", b"1", b"\xc3\xa9", b"{"])
    v = (filler * (n // len(filler)))[:n]
    ls = lines_of(data)
    kv = [i for i, l in enumerate(ls) if KV_RE.match(l)]
    if not kv or r.random() < 0.2:
        return data + b"\n" + v            # one very long line
    i = r.choice(kv)
    ls[i] = KV_RE.match(ls[i]).group(1) + (b'"' + v + b'"' if r.random() < 0.5 else v)
    return b"\n".join(ls)


def m_utf16(r, data, ctx):
    ctx["bad_encoding"] = "UTF-16"
    try:
        text = data.decode("utf-8")
    except UnicodeError:
        text = data.decode("latin-1")
    return r.choice([b"\xff\xfe" + text.encode("utf-16-le"), b"\xfe\xff" + text.encode("utf-16-be"),
                     text.encode("utf-16")])


def m_nul(r, data, ctx):
    ctx["bad_encoding"] = "NUL byte"
    i = r.randrange(len(data) + 1)
    return data[:i] + b"\0" * r.choice([1, 1, 4]) + data[i:]


def m_invalid_utf8(r, data, ctx):
    ctx["bad_encoding"] = "invalid UTF-8"
    i = r.randrange(len(data) + 1)
    return data[:i] + r.choice([b"\xff", b"\xc3\x28", b"\xe2\x82", b"\xed\xa0\x80", b"\xc0\xaf", b"\xf8\x88\x80\x80\x80"]) + data[i:]


def m_tiny_document(r, data, ctx):
    """The whole file replaced by a tiny odd document (yaml-cpp has looped on some: ',' '[:' '{:')."""
    return r.choice([b",", b"\n,\n", b"[:", b"{:", b"- !+(.,.)", b"---", b"--- !!map", b"?", b":", b"-", b"&a",
                     b"*a", b"!", b"|", b"'", b"[", b"{", b"%", b"@", b"\xef\xbb\xbf", b"\t"])


def m_truncate(r, data, ctx):
    return data[:r.randrange(len(data) + 1)]


def m_yaml_token(r, data, ctx):
    """Insert a YAML structural token: tags, anchors without use, document markers, merge keys, flow brackets."""
    tok = r.choice([b"!!binary ", b"!!python/object ", b"&", b"*", b"*nope", b"---\n", b"...\n", b"<<: ", b"? ",
                    b"{", b"[", b"}", b"]", b"|", b">-", b"%YAML 1.1\n", b"!<tag:x> ", b"~", b"null", b"'", b'"',
                    b"\\u0000", b"\\x00", b"&a *a "])
    i = r.randrange(len(data) + 1)
    return data[:i] + tok + data[i:]


#: hostile files made next to the mutated file (materialise) when a mutation names one of them
HOSTILE_NAMES = ["fz_fifo.yaml", "fz_zero.yaml", "fz_loop.yaml", "fz_dir", "fz_dir.yaml", "fz_dangling.yaml",
                 "fz_huge.yaml", "L" * 300, "L" * 300 + ".yaml", "fz_loop", "/dev/zero", "/proc/self/mem", "."]
PATH_KEYS = rb"(location|grid|weather_file|data|model|interventions|file|path|climate)"


def m_hostile_path(r, data, ctx):
    """A value that names a file: replaced by a FIFO, a device, a symlink loop, a directory, an over-long name."""
    ctx["hostile_nodes"] = True
    name = r.choice(HOSTILE_NAMES).encode()
    ls = lines_of(data)
    keyed = [i for i, l in enumerate(ls) if re.match(rb"^\s*+-?\s*+\{?\s*+" + PATH_KEYS + rb"\s*+:", l)]
    if keyed and r.random() < 0.8:
        i = r.choice(keyed)
        ls[i] = re.sub(rb"(" + PATH_KEYS + rb"\s*:\s*)[^,}#]*", lambda m: m.group(1) + name, ls[i], count=1)
        return b"\n".join(ls)
    kv = [i for i, l in enumerate(ls) if KV_RE.match(l)]
    if not kv:
        return name
    i = r.choice(kv)
    ls[i] = KV_RE.match(ls[i]).group(1) + name
    return b"\n".join(ls)


def make_hostile_nodes(d):
    os.mkfifo(os.path.join(d, "fz_fifo.yaml"))
    try:
        os.mknod(os.path.join(d, "fz_zero.yaml"), 0o644 | stat.S_IFCHR, os.makedev(1, 5))
    except OSError:
        os.symlink("/dev/zero", os.path.join(d, "fz_zero.yaml"))
    os.symlink("fz_loop.yaml", os.path.join(d, "fz_loop.yaml"))
    os.symlink("fz_loop", os.path.join(d, "fz_loop"))
    os.symlink("no_such_file.yaml", os.path.join(d, "fz_dangling.yaml"))
    os.mkdir(os.path.join(d, "fz_dir"))
    os.mkdir(os.path.join(d, "fz_dir.yaml"))
    with open(os.path.join(d, "fz_huge.yaml"), "wb") as fh:
        fh.truncate(3 << 30)


TEXT_MUTATIONS = [
    (m_byte_flip, 6), (m_byte_set, 4), (m_delete_lines, 5), (m_duplicate_line, 4), (m_swap_lines, 2),
    (m_swap_values, 5), (m_number_extreme, 10), (m_all_numbers_extreme, 2), (m_unit_change, 6), (m_self_alias, 2), (m_alias_bomb, 2),
    (m_deep_nesting, 2), (m_tabs, 2), (m_long_string, 2), (m_utf16, 1), (m_nul, 1), (m_invalid_utf8, 1),
    (m_truncate, 2), (m_yaml_token, 4), (m_hostile_path, 4), (m_tiny_document, 1),
]
#: --set values are short: mostly their numbers and units
SET_MUTATIONS = [(m_number_extreme, 12), (m_all_numbers_extreme, 12), (m_unit_change, 6)] + TEXT_MUTATIONS

#: file-kind mutations: the seed file itself is replaced by something that is not a small regular file
FILE_KINDS = ["fifo", "chardev_zero", "chardev_null", "devzero_symlink", "symlink_loop", "dangling_symlink",
              "directory", "huge_sparse", "big_real", "long_name", "empty", "unreadable"]


def mutate_text(r, data, ctx, table=TEXT_MUTATIONS):
    names = []
    for _ in range(r.choice([1, 1, 1, 2, 3])):
        fn = r.choices([m for m, _ in table], [w for _, w in table])[0]
        if not data:
            data = b"\n"
        data = fn(r, data, ctx)
        names.append(fn.__name__[2:])
    return data, names


def make_file_kind(r, path, kind, original):
    """Replaces `path` by a hostile file; returns an optional replacement for how the seed is referenced."""
    if os.path.lexists(path):
        os.unlink(path)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind in ("chardev_zero", "chardev_null"):
        minor = 5 if kind == "chardev_zero" else 3
        try:
            os.mknod(path, 0o644 | stat.S_IFCHR, os.makedev(1, minor))
        except OSError:   # no CAP_MKNOD: the same device through a symlink
            os.symlink("/dev/zero" if minor == 5 else "/dev/null", path)
    elif kind == "devzero_symlink":
        os.symlink(r.choice(["/dev/zero", "/dev/urandom", "/dev/stdin", "/proc/self/mem"]), path)
    elif kind == "symlink_loop":
        other = path + ".loop"
        os.symlink(os.path.basename(other), path)
        os.symlink(os.path.basename(path), other)
    elif kind == "dangling_symlink":
        os.symlink("no_such_file.yaml", path)
    elif kind == "directory":
        os.mkdir(path)
        with open(os.path.join(path, "x.yaml"), "wb") as fh:
            fh.write(original)
    elif kind == "huge_sparse":
        with open(path, "wb") as fh:
            fh.write(original)
            fh.truncate(r.choice([600, 3000, 20000]) * 1024 * 1024)
    elif kind == "big_real":                       # 8 MB of valid-looking YAML comments then the file
        with open(path, "wb") as fh:
            fh.write((b"# " + b"x" * 77 + b"\n") * (100 * 1024))
            fh.write(original)
    elif kind == "long_name":                      # the reference points at an over-long name
        with open(path, "wb") as fh:
            fh.write(original)
        return "L" * r.choice([256, 300, 5000]) + ".yaml"
    elif kind == "empty":
        open(path, "wb").close()
    elif kind == "unreadable":
        with open(path, "wb") as fh:
            fh.write(original)
        os.chmod(path, 0)
    return None


# -------------------------------------------------------------------------------------------- one input

class Input:
    pass


def generate(args, i, corpus):
    """Input number i: (seed, mutation, command). Depends only on (args.seed, i)."""
    r = random.Random("%s:%d" % (args.seed, i))
    inp = Input()
    inp.index = i
    if args.sanity:
        inp.kind, inp.seed, inp.target, inp.extra_set = corpus[i % len(corpus)]
    else:
        kind = r.choices(list(KIND_WEIGHTS), list(KIND_WEIGHTS.values()))[0]
        inp.kind, inp.seed, inp.target, inp.extra_set = r.choice([c for c in corpus if c[0] == kind] or corpus)
    inp.ctx = {}
    inp.rng_state = r.getstate()
    inp.file_kind = None
    if inp.kind != "set" and r.random() < args.file_kind_fraction:
        inp.file_kind = r.choice(FILE_KINDS)
    inp.run = inp.kind in ("model", "set") and r.random() < args.run_fraction
    if args.sanity:
        inp.file_kind, inp.run = None, i >= len(corpus)
    inp.r = r
    return inp


def materialise(args, inp, template, workdir):
    """Copies the tree, applies the mutation; returns argv (relative to workdir)."""
    r = inp.r
    for d in TREE_DIRS:
        src = os.path.join(template, d)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(workdir, d), symlinks=True, copy_function=os.link)
    sets = [inp.extra_set] if inp.extra_set else []
    target = inp.target
    inp.mutation = []
    if inp.kind == "set":
        key, value = inp.seed.split("=", 1)
        data, names = (value.encode(), ["none"]) if args.sanity else mutate_text(r, value.encode(), inp.ctx,
                                                                                          SET_MUTATIONS)
        # argv: no NUL, and at most 128 kB per argument
        value = data.replace(b"\0", b"")[:60000].decode("utf-8", "replace")
        inp.ctx.pop("bad_encoding", None)
        if r.random() < 0.15 and not args.sanity:
            key = r.choice([key + "x", key.replace("[0]", "[99999999999]"), key + ".", "." + key,
                            key.replace(".", ".."), key.replace("[0]", "[-1]"), key + "[", "", "a" * 5000])
            names.append("key")
        sets.append(key + "=" + value)
        inp.mutation = ["set:" + n for n in names]
    else:
        path = os.path.join(workdir, inp.seed)
        with open(path, "rb") as fh:
            original = fh.read()
        if inp.file_kind:
            new_name = make_file_kind(r, path, inp.file_kind, original)
            inp.mutation = ["file:" + inp.file_kind]
            if new_name:   # rewrite the references to the seed in the files that name it
                stem = os.path.basename(inp.seed)
                for ref_rel in referencing_files(inp, workdir):
                    ref = os.path.join(workdir, ref_rel)
                    with open(ref, "rb") as fh:
                        t = fh.read()
                    os.unlink(ref)
                    with open(ref, "wb") as fh:
                        fh.write(t.replace(stem.encode(), new_name.encode()).replace(
                            stem[:-5].encode() + b"\n", new_name.encode() + b"\n"))
                if inp.kind == "data" and sets:
                    sets = [s.split("=")[0] + "=" + new_name for s in sets]
                if inp.target == inp.seed:
                    target = os.path.join(os.path.dirname(inp.seed), new_name)
        elif args.sanity:
            inp.mutation = ["none"]
        else:
            data, names = mutate_text(r, original, inp.ctx)
            inp.mutation = names
            os.unlink(path)   # hard link to the template: write a new file
            with open(path, "wb") as fh:
                fh.write(data)
    if inp.ctx.get("hostile_nodes"):
        make_hostile_nodes(os.path.dirname(os.path.join(workdir, inp.target if inp.kind == "set" else inp.seed)))
    inp.out = "out.h5"
    if inp.kind in ("model", "set", "data"):
        if inp.run:
            argv = ["run", target, "-q", "-j", "1", "--reps", "1", "--warmup", "0 s", "--horizon", args.horizon,
                    "-o", inp.out]
        else:
            argv = ["check", target]
        for s in sets:
            argv += ["--set", s]
        inp.watch = False
    else:
        argv = ["sweep" if inp.kind == "experiment" else "pathway", target, "-j", "1", "-o", inp.out]
        inp.watch = True
    return argv


def referencing_files(inp, workdir):
    """Files that name the seed (for the long-name mutation): the target, and for interventions the study."""
    if inp.kind in ("data", "intervention") or inp.target != inp.seed:
        return [inp.target]
    return []


LOCATION_RE = re.compile(r"[^\s:'\"]+:\d+(:\d+)?")
SANITIZER_RE = re.compile(r"ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:|SUMMARY: \w+Sanitizer")
#: an excerpt of the input quoted at length: '...' or "..." of more than 200 characters (the documented cap,
#: docs/model-format.md "Input limits")
LONG_QUOTE_RE = re.compile(r"'[^']{201,}'|\"[^\"]{201,}\"|=[^ ]{201,}")
LOADED_RE = re.compile(rb" tasks on \d+ worker")


def rss_kb(pid):
    try:
        with open("/proc/%d/status" % pid, "rb") as fh:
            for line in fh:
                if line.startswith(b"VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def execute(args, argv, workdir, watch):
    """Runs greenfab; returns dict(rc, sig, timeout, killed_mem, loaded, maxrss_kb, stderr, wall)."""
    env = dict(os.environ)
    env["GREENFAB_DATA_DIR"] = os.path.join(workdir, "models", "data")
    env.setdefault("ASAN_OPTIONS", "")
    # ASan keeps up to 256 MB of freed memory in quarantine (to catch use after free) by default: that is the
    # sanitizer's memory, not greenfab's, so it is kept small enough not to count against the 512 MB oracle.
    env["ASAN_OPTIONS"] += (":detect_leaks=0:allocator_may_return_null=0:hard_rss_limit_mb=%d:abort_on_error=0"
                            ":quarantine_size_mb=32" % args.mem_mb)
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1")
    limit = args.mem_mb * 1024 * 1024

    def preexec():
        os.setsid()
        if not args.asan:       # ASan reserves terabytes of address space: RSS is watched instead
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 30, 1 << 30))

    err_r, err_w = os.pipe()
    out_fd = os.open(os.path.join(workdir, ".stdout"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    start = time.monotonic()
    import subprocess
    p = subprocess.Popen([args.greenfab] + argv, cwd=workdir, env=env, stdin=subprocess.DEVNULL, stdout=out_fd,
                         stderr=err_w, preexec_fn=preexec, close_fds=True)
    os.close(err_w)
    os.close(out_fd)
    res = dict(cpu=0.0, rc=None, sig=None, timeout=False, killed_mem=False, loaded=False, maxrss_kb=0, wall=0.0)
    stderr = bytearray()
    status = None
    eof = False
    pid = p.pid
    while True:
        if not eof:
            ready, _, _ = select.select([err_r], [], [], 0.01)
            if ready:
                chunk = os.read(err_r, 65536)
                if chunk:
                    if len(stderr) < 1 << 20:
                        stderr += chunk
                else:
                    eof = True
        else:
            time.sleep(0.002)
        wpid, st, ru = os.wait4(pid, os.WNOHANG)
        if wpid == pid:
            status, res["maxrss_kb"], res["cpu"] = st, ru.ru_maxrss, ru.ru_utime + ru.ru_stime
            break
        elapsed = time.monotonic() - start
        kill = None
        if watch and LOADED_RE.search(stderr):
            res["loaded"], kill = True, signal.SIGKILL
        elif elapsed > args.timeout:
            res["timeout"], kill = True, signal.SIGKILL
        elif rss_kb(pid) * 1024 > limit:
            res["killed_mem"], kill = True, signal.SIGKILL
        if kill:
            try:
                os.killpg(pid, kill)
            except ProcessLookupError:
                pass
            wpid, st, ru = os.wait4(pid, 0)
            status, res["maxrss_kb"], res["cpu"] = st, ru.ru_maxrss, ru.ru_utime + ru.ru_stime
            break
    try:
        os.killpg(pid, signal.SIGKILL)   # workers of sweep/pathway
    except (ProcessLookupError, PermissionError):
        pass
    drain_until = time.monotonic() + 1.0   # a worker that escaped the kill may hold the pipe open
    while not eof and time.monotonic() < drain_until:
        ready, _, _ = select.select([err_r], [], [], 0.2)
        if not ready:
            break
        chunk = os.read(err_r, 65536)
        if not chunk:
            break
        if len(stderr) < 1 << 20:
            stderr += chunk
    os.close(err_r)
    p.returncode = 0   # reaped by wait4 above
    res["wall"] = time.monotonic() - start
    if os.WIFSIGNALED(status):
        res["sig"] = os.WTERMSIG(status)
    else:
        res["rc"] = os.WEXITSTATUS(status)
    res["stderr"] = stderr.decode("utf-8", "replace")
    with open(os.path.join(workdir, ".stdout"), "rb") as fh:
        res["stdout"] = fh.read(1 << 20).decode("utf-8", "replace")
    return res


def judge(args, inp, res, workdir):
    """Returns a failure class, or None when the outcome is acceptable."""
    err = res["stderr"]
    # `run` with a failed replication writes the results (the status says why) and exits 1: by design
    failed_runs = re.findall(r"replication \d+: failed: (.*)", res.get("stdout", "")) if inp.run else []
    if SANITIZER_RE.search(err):
        return "sanitizer"
    if "RSS limit exceeded" in err or res["killed_mem"] or res["maxrss_kb"] * 1024 > args.mem_mb * 1024 * 1024:
        return "memory"
    if res["timeout"]:
        return "hang"
    if res["loaded"]:
        if inp.ctx.get("bad_encoding") and not inp.file_kind:
            return "accepted-bad-encoding"
        return None
    if res["sig"] is not None:
        return "signal-%s" % signal.Signals(res["sig"]).name
    rc = res["rc"]
    if any(len(l) > args.max_line and (len(l) > 2.5 * args.max_line or LONG_QUOTE_RE.search(l))
           for l in err.splitlines()):
        return "long-message"
    if rc == 1 and failed_runs:
        return "run-failed"
    if rc != 0:
        left = [n for n in os.listdir(workdir) if n.startswith(inp.out)]
        if left:
            return "output-left-behind"
    if rc == 0:
        if inp.ctx.get("bad_encoding") and not inp.file_kind:
            return "accepted-bad-encoding"
        return None
    if "bad_alloc" in err or any("bad_alloc" in f for f in failed_runs):   # out of memory under RLIMIT_AS (exit 1 "internal error", or reported as bad input)
        return "memory"
    if rc == 1:
        return "run-failed" if "internal error" not in err and inp.run else "internal-error"
    if rc == 2:
        if LOCATION_RE.search(err):
            return None
        if inp.kind == "set" and ("--set" in err or "command line" in err or "override" in err):
            return None
        if inp.file_kind and (os.path.basename(inp.seed) in err or "L" * 150 in err):  # a long name is cut at 200 bytes
            return None
        if inp.ctx.get("hostile_nodes") and re.search(r"fz_\w+|L{200}|/dev/zero|/proc/self/mem", err):
            return None
        return "exit2-without-location"
    return "exit-%d" % rc


def save_finding(args, inp, argv, res, cls, workdir):
    d = os.path.join(args.keep_findings, "%s-%06d" % (cls, inp.index))
    if os.path.exists(d):
        shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    if inp.kind == "set":
        pass
    else:
        src = os.path.join(workdir, inp.seed)
        try:
            st = os.lstat(src)
            if stat.S_ISREG(st.st_mode) and st.st_size <= 16 * 1024 * 1024:
                shutil.copyfile(src, os.path.join(d, os.path.basename(inp.seed)))
        except OSError:
            pass
    with open(os.path.join(d, "stderr.txt"), "w", encoding="utf-8") as fh:
        fh.write(res["stderr"][:100000])
    repro = reproduction(args, inp)
    with open(os.path.join(d, "repro.txt"), "w", encoding="utf-8") as fh:
        fh.write("class: %s\nkind: %s\nseed file: %s\nmutation: %s\ncommand (in the tree): greenfab %s\n"
                 "outcome: rc=%s signal=%s timeout=%s maxrss=%d kB wall=%.2f s\nreproduce: %s\n"
                 % (cls, inp.kind, inp.seed, " ".join(inp.mutation), " ".join(shell_quote(a) for a in argv),
                    res["rc"], res["sig"], res["timeout"], res["maxrss_kb"], res["wall"], repro))
    return d


def reproduction(args, inp):
    return "%s %s --greenfab %s --source %s --seed %s --only %d --keep-findings %s%s" % (
        sys.executable, os.path.abspath(__file__), args.greenfab, args.source, args.seed, inp.index,
        args.keep_findings, " --asan" if args.asan else "") + " --keep-tree"


def shell_quote(a):
    return a if re.fullmatch(r"[\w./=:+-]+", a) else "'" + a.replace("'", "'\\''")[:300] + "'"


_state = {}


def worker_init(args, corpus):
    _state["args"], _state["corpus"] = args, corpus
    tmp = tempfile.mkdtemp(prefix="w", dir=args.tmp_root)
    template = os.path.join(tmp, "template")
    for d in TREE_DIRS:
        src = os.path.join(args.source, d)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(template, d), symlinks=True,
                            ignore=shutil.ignore_patterns("*.h5", "__pycache__"))
    _state["tmp"], _state["template"] = tmp, template


def fuzz_one(i):
    args, corpus = _state["args"], _state["corpus"]
    if time.monotonic() > args.deadline:
        return (i, "skipped", None, (0.0, 0.0), None)
    inp = generate(args, i, corpus)
    faulthandler.dump_traceback_later(3 * args.timeout + 30)   # the fuzzer itself stuck: say where
    workdir = os.path.join(_state["tmp"], "w%d" % i)
    os.mkdir(workdir)
    try:
        argv = materialise(args, inp, _state["template"], workdir)
        try:
            res = execute(args, argv, workdir, inp.watch)
        except OSError as e:   # an argument the kernel refuses (E2BIG): not greenfab's problem
            return (i, None, None, (0.0, 0.0), "not-run (%s)" % e.strerror)
        cls = judge(args, inp, res, workdir)
        line = None
        if cls:
            d = save_finding(args, inp, argv, res, cls, workdir)
            first = next((l for l in res["stderr"].splitlines() if l.strip()), "")[:160]
            line = "FAIL %-24s #%d %s %s [%s] -> %s\n     %s\n     reproduce: %s" % (
                cls, i, inp.kind, inp.seed, " ".join(inp.mutation), d, first, reproduction(args, inp))
            if args.keep_tree:
                tree = os.path.join(d, "tree")
                shutil.rmtree(tree, ignore_errors=True)
                os.rename(workdir, tree)
                line += "\n     tree kept: %s (cd there; GREENFAB_DATA_DIR=$PWD/models/data %s %s)" % (
                    tree, args.greenfab, " ".join(shell_quote(a) for a in argv))
        return (i, cls, line, (res["wall"], res["cpu"]), "run" if inp.run else argv[0])
    finally:
        faulthandler.cancel_dump_traceback_later()
        if os.path.isdir(workdir):
            shutil.rmtree(workdir, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--greenfab", required=True, help="the greenfab executable")
    ap.add_argument("--source", default=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                    help="source tree holding models/, experiments/, tests/ (default: this script's)")
    ap.add_argument("--count", type=int, default=2000, help="inputs to run (default 2000)")
    ap.add_argument("--seed", default="1", help="master seed (default 1)")
    ap.add_argument("--time-budget", type=float, default=0, help="stop starting inputs after this many seconds")
    ap.add_argument("--min-count", type=int, default=0, help="fail if the budget allowed fewer inputs than this")
    ap.add_argument("--keep-findings", default="fuzz-findings", help="directory for failing inputs")
    ap.add_argument("--keep-tree", action="store_true", help="keep the whole temporary tree of a failing input")
    ap.add_argument("--jobs", "-j", type=int, default=2, help="parallel inputs (default 2)")
    ap.add_argument("--only", type=int, action="append", help="run only input number N (repeatable)")
    ap.add_argument("--first", type=int, default=0, help="number of the first input (default 0)")
    ap.add_argument("--asan", action="store_true", help="sanitizer build: watch RSS instead of RLIMIT_AS")
    ap.add_argument("--timeout", type=float, default=10, help="per-input time limit [s] (default 10)")
    ap.add_argument("--mem-mb", type=int, default=512, help="memory limit [MB] (default 512)")
    ap.add_argument("--max-line", type=int, default=400,
                    help="an error line longer than this fails if it quotes 160+ characters of input, or is 2.5x "
                         "longer (default 400)")
    ap.add_argument("--run-fraction", type=float, default=0.3,
                    help="share of model and --set inputs run (on a short horizon) instead of checked (default 0.3)")
    ap.add_argument("--file-kind-fraction", type=float, default=0.08, help="share of file-kind mutations")
    ap.add_argument("--horizon", default="2 h", help="horizon of the short runs (default 2 h)")
    ap.add_argument("--slow-seeds", action="store_true", help="also the shipped pathway studies (seconds each)")
    ap.add_argument("--sanity", action="store_true", help="run every seed unmutated (the oracles must pass them)")
    ap.add_argument("--list-corpus", action="store_true", help="print the seed corpus and exit")
    ap.add_argument("--max-print", type=int, default=3, help="failures printed in full per class (default 3)")
    args = ap.parse_args()
    args.greenfab = os.path.abspath(args.greenfab)
    args.source = os.path.abspath(args.source)
    args.keep_findings = os.path.abspath(args.keep_findings)
    corpus = build_corpus(args.source, args.slow_seeds)
    if args.list_corpus:
        for c in corpus:
            print(*[x for x in c if x])
        return 0
    kinds = {}
    for c in corpus:
        kinds[c[0]] = kinds.get(c[0], 0) + 1
    os.makedirs(args.keep_findings, exist_ok=True)
    args.tmp_root = tempfile.mkdtemp(prefix="greenfab-fuzz-")
    start = time.monotonic()
    args.deadline = start + args.time_budget if args.time_budget > 0 else float("inf")
    indices = args.only or list(range(args.first, args.first + args.count))
    if args.sanity:   # every seed unmutated, checked (or loaded), then the models and --set values run
        indices = list(range(len(corpus))) + [len(corpus) + k for k, c in enumerate(corpus) if c[0] in ("model", "set")]
    print("fuzz: %d seeds (%s), %d inputs from seed %s, %d jobs, %s build, limits %g s / %d MB" % (
        len(corpus), ", ".join("%d %s" % (n, k) for k, n in sorted(kinds.items())), len(indices), args.seed,
        args.jobs, "sanitizer" if args.asan else "release", args.timeout, args.mem_mb), flush=True)
    failures, done, by_cmd = {}, 0, {}
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(args.jobs, initializer=worker_init, initargs=(args, corpus)) as pool:
        for i, cls, line, wall, cmd in pool.imap_unordered(fuzz_one, indices, chunksize=4):
            if cls == "skipped":
                continue
            done += 1
            n, t, c = by_cmd.get(cmd, (0, 0.0, 0.0))
            by_cmd[cmd] = (n + 1, t + wall[0], c + wall[1])
            if cls:
                failures.setdefault(cls, []).append(i)
                if len(failures[cls]) <= args.max_print:
                    print(line, flush=True)
    shutil.rmtree(args.tmp_root, ignore_errors=True)
    elapsed = time.monotonic() - start
    cpu = sum(c for _, _, c in by_cmd.values())
    print("fuzz: %d inputs in %.1f s (%.1f inputs/s; greenfab CPU %.1f s, %.1f inputs per CPU-s); mean wall / CPU "
          "per command: %s" % (done, elapsed, done / elapsed if elapsed else 0, cpu, done / cpu if cpu else 0,
                               ", ".join("%s %.3f / %.3f s (%d)" % (k, t / n, c / n, n)
                                         for k, (n, t, c) in sorted(by_cmd.items()))))
    for cls, ids in sorted(failures.items()):
        print("fuzz: %-24s %4d inputs, e.g. #%s" % (cls, len(ids), ", #".join(map(str, sorted(ids)[:8]))))
    if failures:
        print("fuzz: FAILED: %d failing inputs saved in %s" % (sum(map(len, failures.values())), args.keep_findings))
        return 1
    if done < args.min_count:
        print("fuzz: FAILED: only %d inputs in the time budget (want %d)" % (done, args.min_count))
        return 1
    print("fuzz: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
