"""The ``govreport`` command line: a thin layer over the library.

Every command takes many inputs (files, folders, globs, ``-``, .jsonl corpora), analyses the bundled
report when given none, and writes its rows through one output layer (``-f``/``-o``).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import click

from govreport.batch import Batch, BatchAbort, say, seed_path
from govreport.loading import LoadError
from govreport.outfile import STDOUT, OutputError, open_output
from govreport.output import FORMATS, STREAMED, Writer, choose_format, render_rows

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def input_options(fn: Callable) -> Callable:
    """INPUT… plus --encoding, -j/--jobs, -q/--quiet and --strict: shared by every command that reads reports."""
    decorators = [
        click.argument("inputs", nargs=-1, metavar="[INPUT]..."),
        click.option("--encoding", help="Read files in this encoding instead of detecting it (e.g. gb18030)."),
        click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes (default: number of CPUs; 1 for inputs under 1 MB)."),
        click.option("-q", "--quiet", is_flag=True, help="No progress bar."),
        click.option("--strict", is_flag=True, help="Stop at the first input that fails."),
    ]
    for dec in reversed(decorators):
        fn = dec(fn)
    return fn


def output_options(fn: Callable) -> Callable:
    """-f/--format, -o/--output and --keep-partial: shared by every command."""
    fn = keep_partial_option(fn)
    fn = click.option(
        "-o", "--output", type=click.Path(dir_okay=False, writable=False),
        help="Write to this file (it is replaced when the run ends); its extension picks the format.",
    )(fn)
    fn = click.option(
        "-f", "--format", "fmt", type=click.Choice(FORMATS),
        help="Output format (default: table on a terminal, CSV in a pipe).",
    )(fn)
    return fn


def keep_partial_option(fn: Callable) -> Callable:
    return click.option("--keep-partial", is_flag=True,
                        help="If the run stops, keep what was written beside -o FILE (FILE.partial.EXT).")(fn)


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="govreport")
def cli() -> None:
    """Mine Chinese government work reports (政府工作报告): figures, metric tables, policy phrases, keywords.

    Every command reads files, folders, globs, '-' (stdin) and JSON Lines corpora; with no input it analyses
    the bundled 2018 Jiulongpo district report.
    """


def make_batch(opts: dict[str, Any]) -> Batch:
    if opts.get("encoding"):
        import codecs

        try:
            codecs.lookup(opts["encoding"])
        except LookupError:
            raise click.BadParameter(f"unknown encoding {opts['encoding']!r}", param_hint="--encoding") from None
    inputs = tuple(opts["inputs"])
    if not inputs:
        inputs = (seed_path(),)
        click.echo("govreport: no input given; analysing the bundled report jiulongpo_2018 "
                   "(2018年九龙坡区政府工作报告)", err=True)
    return Batch(inputs, encoding=opts.get("encoding"), jobs=opts.get("jobs"), quiet=opts.get("quiet", False),
                 strict=opts.get("strict", False))


def emit(opts: dict[str, Any], columns: list[str], produce: Callable[[Batch], Iterable[dict]],
         render: Callable[[list[dict], list[str], Any], None] | None = None, others: tuple[Batch, ...] = ()) -> None:
    """Run ``produce`` over the batch the options name and write its rows; exit with the batch's code.

    ``render(rows, columns, stream)``, when given, draws the table format instead of the plain table (a chart).
    ``others`` are more batches ``produce`` reads (keyness references): their inputs are checked first too.
    """
    fmt = choose_format(opts.get("fmt"), opts.get("output"), sys.stdout)
    with open_batch(opts, others) as (batch, out):
        stream = out.stream
        sources: list[Any] = []
        finished = False
        with writing(sources):
            drawn: list[dict] | None = [] if render is not None and fmt == "table" else None
            writer = Writer(columns, fmt, stream)
            try:
                if isinstance(produce, rows_per_doc) and fmt in STREAMED:
                    sources.append(produce.rendered(batch, columns, fmt))
                    for text, count in sources[-1]:
                        writer.write_block(text, count)
                else:
                    sources.append(produce(batch))
                    for row in sources[-1]:
                        if drawn is None:
                            writer.write(row)
                        else:
                            drawn.append(row)
                finished = True
            except BatchAbort:
                pass  # --strict: the failure is reported; finish what was written
            except (KeyboardInterrupt, Terminated):
                if fmt == "json":
                    writer.close()  # the rows already written stay a valid JSON array
                raise
            if drawn is None:
                writer.close()
            else:
                render(drawn, columns, stream)
        finish(out, batch, finished)
    code = batch.exit_code()
    if code:
        sys.exit(code)


def finish(out: Any, batch: Batch, finished: bool) -> None:
    """Put the output in place when the run went to its end and read documents; else leave the old file."""
    if finished and batch.done:
        out.commit()
    elif out.replaces:
        batch.notes.append(f"-o {out.target} not written: {'no document was read' if finished else 'the run stopped'}")


@contextlib.contextmanager
def open_batch(opts: dict[str, Any], others: tuple[Batch, ...] = ()) -> Iterator[tuple[Batch, Any]]:
    """The batch the options name and the destination -o names (never one of the inputs).

    Inputs are expanded before the output is touched; with -o, an input that names nothing (a mistyped
    path) stops the run there, and the file stays as it was. The destination is closed on the way out:
    without a commit, a temporary file is removed (or kept with --keep-partial, and said so).
    """
    batch = make_batch(opts)
    output = opts.get("output")
    check_output_path(output, [*batch.inputs, *option_files(opts)])
    to_file = bool(output and output != "-")
    batches = (batch, *others)
    for b in batches:
        if to_file:
            b.exclude = frozenset({os.path.realpath(output)})  # never read the file being written
        try:
            b.tasks()
        except BatchAbort:  # --strict: the failure is reported
            sys.exit(b.exit_code() or 1)
    missing = sum(b.missing_inputs for b in batches)
    if to_file and missing:
        for b in batches:
            b.report_failures()
        raise click.UsageError(f"-o {output} not written: {missing} input{'s name' if missing > 1 else ' names'} "
                               "nothing")
    out = open_output(output, opts.get("keep_partial", False))
    try:
        yield batch, out
    finally:
        partial = out.close()
        if partial is not None:
            say(f"partial output kept in {partial}")


@contextlib.contextmanager
def writing(sources: list[Any]) -> Iterator[None]:
    """While rows are written: a closed pipe (``govreport … | head``) ends quietly with exit 0 (click would
    make it 1); whatever happens, the producers in ``sources`` are stopped."""
    try:
        yield
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(0)
    finally:
        for source in sources:
            _close(source)


def _close(source: Any) -> None:
    """Stop a producer left part-way (a closed pipe, Ctrl-C) now, while the interpreter is whole: its worker
    processes are ended here, not during interpreter shutdown, where ending a pool can hang."""
    close = getattr(source, "close", None)
    if close is not None:
        close()


def check_output_path(output: str | None, inputs: Iterable[str]) -> None:
    """A usage error when -o names an input: the same file under any name (a file in an input folder or
    pattern, a link), or the file standard input comes from; checked before the output is opened."""
    if not output or output == "-":
        return
    from govreport.loading import overwritten_input

    if overwritten_input(output, tuple(inputs)) is not None:
        raise click.UsageError(f"-o {output} would overwrite an input file")


def option_files(opts: dict[str, Any]) -> list[str]:
    """The files options name (--lexicon, --stopwords, --userdict): inputs too, never to be overwritten."""
    return [opts[k] for k in ("lexicon", "stopwords_file", "userdict") if opts.get(k)]


class rows_per_doc:  # noqa: N801 - used like a function: rows_per_doc(fn)
    """A producer that applies ``fn(report) -> rows`` to every document (in workers) and chains the rows.

    For a streamed format, ``emit`` has the workers format the rows too (``rendered``): the process that
    writes then only copies text, so that -j 2 runs nearly twice as fast as -j 1.
    """

    def __init__(self, fn: Callable):
        self.fn = fn

    def __call__(self, batch: Batch) -> Iterable[dict]:
        for rows in batch.map(functools.partial(_as_list, self.fn)):
            yield from rows

    def rendered(self, batch: Batch, columns: list[str], fmt: str) -> Iterable[tuple[str, int]]:
        return batch.map(functools.partial(_rendered, self.fn, columns, fmt))


def _as_list(fn: Callable, report) -> list[dict]:
    return list(fn(report))


def _rendered(fn: Callable, columns: list[str], fmt: str, report) -> tuple[str, int]:
    return render_rows(fn(report), columns, fmt)


# --- commands ------------------------------------------------------------------------------------


@cli.command(context_settings=CONTEXT)
@input_options
@output_options
@click.option("--sections", is_flag=True, help="One row per section heading, with its offset.")
def info(**opts: Any) -> None:
    """One row per document: title, year, region, level, size, paragraphs and sections.

    Columns: doc, title, year, region, level, chars, paragraphs, sections; with --sections: doc, level, start,
    end, title.
    """
    if opts["sections"]:
        columns = ["doc", "level", "start", "end", "title"]
        emit(opts, columns, rows_per_doc(_section_rows))
    else:
        columns = ["doc", "title", "year", "region", "level", "chars", "paragraphs", "sections"]
        emit(opts, columns, rows_per_doc(_info_rows))


def _info_rows(report) -> list[dict]:
    return [report.info()]


def _section_rows(report) -> list[dict]:
    return [{"doc": report.id, "level": s.level, "start": s.start, "end": s.end, "title": s.title}
            for s in report.sections]


def term_options(fn: Callable) -> Callable:
    """--min-len, --stopwords and --no-stopwords: which tokens count as terms (keywords, keyness)."""
    fn = click.option("--no-stopwords", is_flag=True,
                      help="Do not drop the bundled stopwords (a --stopwords file still applies).")(fn)
    fn = click.option("--stopwords", "stopwords_file", type=click.Path(exists=True, dir_okay=False),
                      help="A stopword file (one word per line) added to the bundled list.")(fn)
    fn = click.option("--min-len", type=click.IntRange(min=1), default=2, show_default=True,
                      help="Shortest term, in characters.")(fn)
    return fn


def engine_options(fn: Callable) -> Callable:
    """--engine and --userdict: how text is segmented."""
    fn = click.option("--userdict", type=click.Path(exists=True, dir_okay=False),
                      help="A jieba user dictionary (word [freq] [tag] per line).")(fn)
    fn = click.option("--engine", type=click.Choice(["rjieba", "jieba"]), default="rjieba", show_default=True,
                      help="Segmenter: rjieba (fast) or pure-Python jieba (the reference).")(fn)
    return fn


@cli.command(context_settings=CONTEXT)
@input_options
@engine_options
@click.option("--lines", is_flag=True, help="One token per line instead of space-separated.")
@click.option("--pos", is_flag=True, help="Append part-of-speech tags (token/tag).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file (replaced when the run ends).")
@keep_partial_option
def segment(**opts: Any) -> None:
    """Segment reports into words with jieba and the bundled policy lexicon.

    Prints tokens separated by spaces, one document per line (or one token per line with --lines).
    """
    from govreport import segment as seg

    try:
        seg.get_tokenizer(opts["engine"], opts["userdict"])  # built once here; workers inherit it
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    fn = functools.partial(seg.segment_text, engine=opts["engine"], userdict=opts["userdict"], pos=opts["pos"],
                           lines=opts["lines"])
    with open_batch(opts) as (batch, out):
        stream = out.stream
        sources = [batch.map(fn)]
        finished = False
        with writing(sources):
            try:
                for text in sources[0]:
                    stream.write(text + "\n")
                finished = True
            except BatchAbort:
                pass
            stream.flush()
        finish(out, batch, finished)
    code = batch.exit_code()
    if code or batch.failures:
        sys.exit(code or 1)


@cli.command(context_settings=CONTEXT)
@input_options
@output_options
@engine_options
@click.option("-m", "--method", type=click.Choice(["freq", "tfidf", "textrank"]), default="freq",
              show_default=True, help="How terms are ranked.")
@click.option("--top", type=int, default=20, show_default=True, help="Terms per document (or overall).")
@term_options
@click.option("--by", type=click.Choice(["doc", "all"]), default="doc", show_default=True,
              help="Rank per document or over all documents together.")
def keywords(**opts: Any) -> None:
    """Keywords of each report: frequency, TF-IDF against the national reports, or TextRank.

    Columns: doc, rank, term, count, per_10k (count per 10,000 characters), score (TF-IDF or TextRank;
    empty for freq). Numbers, punctuation and stopwords are dropped.
    """
    from govreport import keywords as kw

    if opts["top"] < 1:
        raise click.BadParameter("must be at least 1", param_hint="--top")
    options = {k: opts[k] for k in ("method", "top", "min_len", "stopwords_file", "no_stopwords", "engine",
                                    "userdict")}
    try:
        kw.check_options(by=opts["by"], **options)  # tokenizer, stopwords, IDF loaded once, before workers fork
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    if opts["by"] == "doc":  # each document ranked in its worker: only its top rows come back
        emit(opts, kw.columns(opts["method"]), rows_per_doc(functools.partial(kw.doc_keyword_rows, **options)))
    else:
        emit(opts, kw.columns(opts["method"]), functools.partial(kw.produce_keywords, by="all", **options))


@cli.command(context_settings=CONTEXT)
@click.argument("pattern")
@input_options
@output_options
@click.option("--regex", is_flag=True, help="PATTERN is a regular expression.")
@click.option("-w", "--window", type=click.IntRange(min=0), default=20, show_default=True,
              help="Characters of context on each side.")
def kwic(pattern: str, **opts: Any) -> None:
    """Keyword in context: every occurrence of PATTERN with the text around it.

    Columns: doc, start, end, left, match, right (offsets index the text as read).
    """
    from govreport import keywords as kw

    try:
        matcher = kw.compile_pattern(pattern, opts["regex"])
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="PATTERN") from None
    emit(opts, kw.KWIC_COLUMNS, rows_per_doc(functools.partial(kw.kwic_rows, pattern=matcher, window=opts["window"])))


@cli.command(context_settings=CONTEXT)
@input_options
@output_options
def numbers(**opts: Any) -> None:
    """Every quantity mentioned: value, unit, base value and unit, qualifier, and its sentence.

    Columns: doc, start, end, text, value, unit, value_base, base_unit, qualifier, sentence.
    """
    from govreport import quantities

    emit(opts, quantities.COLUMNS, rows_per_doc(quantities.number_rows))


@cli.command(context_settings=CONTEXT)
@input_options
@output_options
@click.option("--kind", type=click.Choice(["actual", "target", "none"]), help="Only actual or target figures.")
@click.option("--indicator", help="Only indicators containing this text (a regular expression with --regex).")
@click.option("--section", help="Only figures under headings containing this text.")
@click.option("--regex", is_flag=True, help="--indicator is a regular expression.")
def metrics(**opts: Any) -> None:
    """The metric table: each figure with its indicator, change, target or actual, and period.

    Columns: doc, section, period, kind, indicator, change, role, value, unit, value_base, base_unit,
    qualifier, text, sentence, start, end.
    """
    from govreport import metrics as mt

    try:
        filters = mt.make_filter(kind=opts["kind"], indicator=opts["indicator"], section=opts["section"],
                                 regex=opts["regex"])
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--indicator") from None
    emit(opts, mt.COLUMNS, rows_per_doc(functools.partial(mt.metric_rows, keep=filters)))


@cli.command(context_settings=CONTEXT)
@input_options
@output_options
@click.option("--lexicon", type=click.Path(exists=True, dir_okay=False),
              help="Phrases to count: one per line, or a CSV of phrase,category.")
@click.option("--by", type=click.Choice(["doc", "section", "all", "category"]), default="doc", show_default=True,
              help="Count per document, per section heading, over all documents, or per category (totals).")
@click.option("--category", help="Only this category (quoted, numbered, lexicon, or a lexicon's own).")
@click.option("--min-count", type=click.IntRange(min=1), default=1, show_default=True, help="Drop rarer rows.")
@click.option("--top", type=click.IntRange(min=1), help="At most N rows per document (overall with --by all).")
@click.option("--max-len", type=click.IntRange(min=2), default=20, show_default=True,
              help="Longest quoted phrase, in characters.")
def phrases(**opts: Any) -> None:
    """Policy phrases: quoted formulations, numbered slogans (五位一体) and lexicon entries, counted.

    Counts are verbatim occurrences in the text as read (never tokens), quoted or not.

    Columns: doc, phrase, category, count, quoted_count, per_10k, first_start, numeral (plus section after doc
    with --by section); with --by category: doc, category, phrases, count, per_10k.
    """
    from govreport import phrases as ph

    try:
        lexicon = ph.read_lexicon(opts["lexicon"]) if opts["lexicon"] else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--lexicon") from None
    options = {"lexicon": lexicon, "category": opts["category"], "min_count": opts["min_count"], "top": opts["top"],
               "max_len": opts["max_len"]}
    emit(opts, ph.columns(opts["by"]), functools.partial(ph.produce_phrases, by=opts["by"], **options))


@cli.command(context_settings=CONTEXT)
@input_options
@output_options
@click.option("--indicator", help="Only indicators containing this text (国内生产总值, 城镇调查失业率, ...).")
def targets(**opts: Any) -> None:
    """Targets against outcomes: each year's target joined to the outcome the next year's report gives.

    Columns: region, indicator, year, target_text, target_value, target_qualifier, actual_text, actual_value,
    gap, met, target_doc, actual_doc. Indicator names are matched across years through
    govreport/data/indicator_synonyms.tsv.
    """
    from govreport import targets as tg

    def produce(batch: Batch) -> Iterable[dict]:
        rows = tg.panel(batch.map(tg.report_figures))
        return (r for r in rows if not opts["indicator"] or opts["indicator"] in r["indicator"])

    emit(opts, tg.COLUMNS, produce)


def inputs_metavar(metavar: str) -> Callable:
    """Show the INPUT… argument of :func:`input_options` under another name (TERM… [INPUT]…, [TARGET]…)."""

    def decorate(fn: Callable) -> Callable:
        for param in getattr(fn, "__click_params__", []):
            if param.name == "inputs":
                param.metavar = metavar
        return fn

    return decorate


@cli.command(context_settings=CONTEXT)
@inputs_metavar("TERM... [INPUT]...")
@input_options
@output_options
@click.option("-t", "--term", "terms", multiple=True, metavar="TERM",
              help="A term to count (repeatable); then every argument is an input.")
@click.option("--by", type=click.Choice(["doc", "year"]), default="doc", show_default=True,
              help="One row per document, or totals per year.")
@click.option("--regex", is_flag=True, help="Terms are regular expressions.")
def trends(**opts: Any) -> None:
    """How often terms occur in each report (or year): verbatim occurrences in the text as read.

    The first arguments are terms, up to the first one that names an input ('-', an existing file or folder,
    a path with '/', or a name ending in .txt .htm .html .md .jsonl); use -t TERM for a term that looks like
    an input. On a terminal each term is drawn as a bar chart of per_10k.

    Columns: term, doc, year, region, count, per_10k; with --by year: term, year, docs, count, per_10k
    (per 10,000 characters of the year's documents). Rows are ordered by term, year, then input order.
    """
    from govreport import trends as tr

    terms, inputs = tr.split_arguments(opts["inputs"], opts["terms"])
    if not terms:
        raise click.UsageError("give at least one TERM (or -t TERM)")
    try:
        tr.compile_terms(terms, opts["regex"])
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="TERM") from None
    opts["inputs"] = tuple(inputs)
    emit(opts, tr.columns(opts["by"]),
         functools.partial(tr.produce_trends, terms=terms, by=opts["by"], regex=opts["regex"]),
         render=tr.draw_chart)


@cli.command(context_settings=CONTEXT)
@inputs_metavar("[TARGET]...")
@input_options
@output_options
@engine_options
@click.option("-r", "--reference", "references", multiple=True, metavar="REF",
              help="Reference input (file, folder, quoted glob, '-', .jsonl); repeatable. "
                   "Default: the bundled national background.")
@click.option("-m", "--measure", type=click.Choice(["chi2", "lr"]), default="chi2", show_default=True,
              help="Chi-squared or log-likelihood (G2).")
@click.option("--correction", type=click.Choice(["yates", "williams", "none"]), default="yates",
              show_default=True, help="Yates (when an expected count is below 5, as quanteda), Williams, or none.")
@click.option("--top", type=click.IntRange(min=0), default=20, show_default=True,
              help="The N most over-represented terms (--top 0 --bottom 0: every term).")
@click.option("--bottom", type=click.IntRange(min=0), default=0, show_default=True,
              help="Also the N most under-represented terms.")
@term_options
def keyness(**opts: Any) -> None:
    """Terms over- or under-represented in the TARGET reports (pooled) against the reference.

    Both sides are segmented as by keywords; each term's 2x2 table (its count and the other terms' on each
    side) gives a signed statistic: positive when the term is more frequent in the target than expected.

    Columns: term, target_count, reference_count, statistic, p_value; sorted by statistic, descending.
    """
    from govreport import keyness as ky

    options = {k: opts[k] for k in ("measure", "correction", "top", "bottom", "min_len", "stopwords_file",
                                    "no_stopwords", "engine", "userdict")}
    try:
        ky.check_options(background=not opts["references"], **options)  # loaded once, before workers fork
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    reference_batch = None
    if opts["references"]:
        check_output_path(opts.get("output"), opts["references"])
        reference_batch = Batch(tuple(opts["references"]), encoding=opts.get("encoding"), jobs=opts.get("jobs"),
                                quiet=opts.get("quiet", False), strict=opts.get("strict", False))
    emit(opts, ky.columns(), functools.partial(ky.produce_keyness, reference_batch=reference_batch, **options),
         others=(reference_batch,) if reference_batch is not None else ())


class Terminated(BaseException):
    """SIGTERM arrived: stop as on Ctrl-C (workers ended, output closed and valid), then exit 143."""


def _on_sigterm(signum: int, frame: Any) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once: the way out is not interrupted again
    raise Terminated


def main(args: list[str] | None = None) -> None:
    """Entry point: quiet on a closed pipe (``govreport … | head``), exit 130 on Ctrl-C and 143 on SIGTERM.

    ``args`` defaults to the command line; user errors become one line on stderr, never a traceback.
    """
    _hold_standard_fds()
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        code = _run(args)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    sys.exit(code)


def _run(args: list[str] | None) -> int:
    """The command's exit code; every way it can end but a bug is mapped here to one line and a code."""
    try:
        code = cli.main(args=args, standalone_mode=False, prog_name="govreport")
    except click.exceptions.NoArgsIsHelpError as exc:  # bare ``govreport``: the help, not an error line
        click.echo(exc.ctx.get_help() if exc.ctx else exc.format_message())
        return 0
    except (click.exceptions.Abort, KeyboardInterrupt):
        say("interrupted")
        return 130
    except Terminated:
        say("terminated")
        return 143
    except click.ClickException as exc:
        say(exc.format_message())
        return exc.exit_code
    except OutputError as exc:  # a full disk, a lost device, a removed folder: named
        if exc.name == STDOUT:
            _silence_stdout()
        say(str(exc))
        return 1
    except LoadError as exc:  # a document read outside the batch (e.g. a reference corpus)
        say(str(exc))
        return 1
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            _silence_stdout()
            return 0
        say(exc.strerror or str(exc))
        return 1
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    except OSError as exc:
        _silence_stdout()
        say(str(OutputError(STDOUT, exc)))
        return 1
    return code if isinstance(code, int) else 0


def _hold_standard_fds() -> None:
    """Started with stdin, stdout or stderr closed (``<&-``): hold the descriptor on /dev/null, so that no
    file opened later (the output, a worker's pipe) takes its number, and send stderr's lines nowhere rather
    than onto standard output."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            try:
                null = os.open(os.devnull, os.O_RDWR)
            except OSError:
                return
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - for the life of the process


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):
        pass
