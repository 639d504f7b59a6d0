"""The ``govreport`` command line: a thin layer over the library.

Every command takes many inputs (files, folders, globs, ``-``, .jsonl corpora), analyses the bundled
report when given none, and writes its rows through one output layer (``-f``/``-o``).
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import click

from govreport.batch import Batch, BatchAbort, seed_path
from govreport.loading import JsonlStream, LoadError, LoadWarning, check_encoding
from govreport.output import FORMATS, STREAMED, Writer, choose_format, render_rows

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def input_options(fn: Callable) -> Callable:
    """INPUT… plus --encoding, -j/--jobs, -q/--quiet and --strict: shared by every command that reads reports."""
    decorators = [
        click.argument("inputs", nargs=-1, metavar="[INPUT]..."),
        click.option("--encoding", help="Read files in this encoding instead of detecting it (e.g. gb18030)."),
        click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes (default: number of CPUs)."),
        click.option("-q", "--quiet", is_flag=True, help="No progress bar."),
        click.option("--strict", is_flag=True, help="Stop at the first input that fails."),
        click.option("--jsonl", is_flag=True,
                     help="Read standard input as JSON Lines (detected anyway when its first line is a JSON "
                          "object with content or text)."),
    ]
    for dec in reversed(decorators):
        fn = dec(fn)
    return fn


def output_options(fn: Callable) -> Callable:
    """-f/--format and -o/--output: shared by every command."""
    fn = click.option(
        "-o", "--output", type=click.Path(dir_okay=False, writable=False), help="Write to this file; its extension picks the format."
    )(fn)
    fn = click.option(
        "-f", "--format", "fmt", type=click.Choice(FORMATS),
        help="Output format (default: table on a terminal, CSV in a pipe).",
    )(fn)
    return fn


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="govreport")
def cli() -> None:
    """Mine Chinese government work reports (政府工作报告): figures, metric tables, policy phrases, keywords.

    Every command reads files, folders, globs, '-' (stdin) and JSON Lines corpora; with no input it analyses
    the bundled 2018 Jiulongpo district report.
    """


def make_batch(opts: dict[str, Any]) -> Batch:
    if opts.get("encoding"):
        try:
            check_encoding(opts["encoding"])
        except LookupError as exc:
            raise click.BadParameter(str(exc), param_hint="--encoding") from None
    inputs = tuple(opts["inputs"])
    if not inputs:
        inputs = (seed_path(),)
        click.echo("govreport: no input given; analysing the bundled report jiulongpo_2018 "
                   "(2018年九龙坡区政府工作报告)", err=True)
    return Batch(inputs, encoding=opts.get("encoding"), jobs=opts.get("jobs"), quiet=opts.get("quiet", False),
                 strict=opts.get("strict", False), stdin=JsonlStream(sys.stdin.buffer) if opts.get("jsonl") else None)


def emit(opts: dict[str, Any], columns: list[str], produce: Callable[[Batch], Iterable[dict]],
         render: Callable[[list[dict], list[str], Any], None] | None = None) -> None:
    """Run ``produce`` over the batch the options name and write its rows; exit with the batch's code.

    ``render(rows, columns, stream)``, when given, draws the table format instead of the plain table (a chart).
    """
    batch, stream = open_batch(opts)
    fmt = choose_format(opts.get("fmt"), opts.get("output"), sys.stdout)
    sources: list[Any] = []
    with writing(stream, sources):
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
        except BatchAbort:
            pass  # --strict: the failure is reported; finish what was written
        except KeyboardInterrupt:
            if fmt == "json":
                writer.close()  # Ctrl-C: the rows already written stay a valid JSON array
            raise
        if drawn is None:
            writer.close()
        else:
            render(drawn, columns, stream)
    code = batch.exit_code()
    if code:
        sys.exit(code)


def open_batch(opts: dict[str, Any]) -> tuple[Batch, Any]:
    """The batch the options name and the stream -o names (checked never to be one of the inputs)."""
    batch = make_batch(opts)
    output = opts.get("output")
    check_output_path(output, [*batch.inputs, *option_files(opts)])
    if output and output != "-":
        batch.exclude = frozenset({os.path.realpath(output)})  # never read the file being written
    return batch, open_output(output)


@contextlib.contextmanager
def writing(stream: Any, sources: list[Any]) -> Iterator[None]:
    """While rows are written: a closed pipe (``govreport … | head``) ends quietly with exit 0 (click would
    make it 1); whatever happens, the producers in ``sources`` are stopped and an output file is closed."""
    try:
        yield
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(0)
    finally:
        for source in sources:
            _close(source)
        if stream is not sys.stdout:
            stream.close()


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


def open_output(output: str | None):
    if not output or output == "-":
        return sys.stdout
    try:
        return open(output, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None


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
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file.")
def segment(**opts: Any) -> None:
    """Segment reports into words with jieba and the bundled policy lexicon.

    Prints tokens separated by spaces, one document per line (or one token per line with --lines).
    """
    from govreport import segment as seg

    try:
        seg.get_tokenizer(opts["engine"], opts["userdict"])  # built once here; workers inherit it
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    batch, stream = open_batch(opts)
    fn = functools.partial(seg.segment_text, engine=opts["engine"], userdict=opts["userdict"], pos=opts["pos"],
                           lines=opts["lines"])
    sources = [batch.map(fn)]
    with writing(stream, sources):
        try:
            for text in sources[0]:
                stream.write(text + "\n")
        except BatchAbort:
            pass
        stream.flush()
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
    emit(opts, ky.columns(), functools.partial(ky.produce_keyness, reference_batch=reference_batch, **options))


def main(args: list[str] | None = None) -> None:
    """Entry point: quiet on a closed pipe (``govreport … | head``), exit 130 on Ctrl-C.

    ``args`` defaults to the command line; user errors become one line on stderr, never a traceback;
    the library's warnings (:class:`LoadWarning`) are one line each, every time.
    """
    warnings.showwarning = _show_warning
    warnings.simplefilter("always", LoadWarning)
    try:
        code = cli.main(args=args, standalone_mode=False, prog_name="govreport")
    except click.exceptions.NoArgsIsHelpError as exc:  # bare ``govreport``: the help, not an error line
        click.echo(exc.ctx.get_help() if exc.ctx else exc.format_message())
        sys.exit(0)
    except click.exceptions.Abort:
        click.echo("govreport: interrupted", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        click.echo("govreport: interrupted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        click.echo(f"govreport: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except LoadError as exc:  # a document read outside the batch (e.g. a reference corpus)
        click.echo(f"govreport: {exc}", err=True)
        sys.exit(1)
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(0)
    except OSError as exc:
        if exc.errno == 32:
            _silence_stdout()
            sys.exit(0)
        click.echo(f"govreport: {exc.strerror or exc}", err=True)
        sys.exit(1)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    sys.exit(code if isinstance(code, int) else 0)


_python_showwarning = warnings.showwarning


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    if issubclass(category, LoadWarning):
        click.echo(f"govreport: warning: {message}", err=True)
    else:
        _python_showwarning(message, category, filename, lineno, file, line)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass

